import type { MachineFacts } from "./support/bench-environment";
import type { AddedLatencyResult } from "./measure-added-latency";
import type { CapacityResult } from "./measure-capacity";
import type { CliStartupResult } from "./measure-cli-startup";
import type { HostileStreamResult } from "./measure-hostile-stream";
import type { LittlesLawResult } from "./measure-littles-law";
import type { RouterThroughputResult } from "./measure-router-throughput";
import type { RouterScalingResult } from "./measure-router-scaling";
import type { SinkThroughputResult } from "./measure-sink-throughput";
import type { Repeated } from "./support/summarize-repeats";

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  /** How many times each repeated comparison ran, Switchyard and baseline taking turns. */
  repeats: number;
  /** os.loadavg() (1, 5, 15 minutes) when the run started and ended: how busy the shared machine was. */
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  /** The 1-minute load average when each benchmark began, by its name (the load moves within a run). */
  loadAverageByBenchmark: Record<string, number>;
  machine: MachineFacts;
  capacity?: CapacityResult;
  routerThroughput?: RouterThroughputResult;
  littlesLaw?: LittlesLawResult;
  addedLatency?: AddedLatencyResult;
  sinkThroughput?: SinkThroughputResult;
  hostileStream?: HostileStreamResult;
  cliStartup?: CliStartupResult;
  routerScaling?: RouterScalingResult;
}

const rate = (value: number) => `${Math.round(value).toLocaleString("en-US")}/s`;
const ratio = (value: number) => value.toFixed(2);
const milliseconds = (value: number) => `${value.toFixed(1)} ms`;
const microseconds = (value: number) => `${value.toFixed(1)} µs`;
const signedMilliseconds = (value: number) => `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(1)} ms`;
const verdict = (value: number, target: number) =>
  value >= target ? `${ratio(value)} (target ≥ ${target}: met)` : `${ratio(value)} (target ≥ ${target}: missed)`;
/** "0.95 [0.91–0.98]": the median of the repeats and their range. */
const spread = (value: Repeated, format: (value: number) => string) =>
  value.values.length > 1 ? `${format(value.median)} [${format(value.min)}–${format(value.max)}]` : format(value.median);
const meets = (met: boolean, target: string) => `(target ${target}: ${met ? "met" : "missed"})`;
const ratioAtLeast = (value: Repeated, target: number) => `${spread(value, ratio)} ${meets(value.median >= target, `≥ ${target}`)}`;
const ratioAtMost = (value: Repeated, target: number) => `${spread(value, ratio)} ${meets(value.median <= target, `≤ ${target}`)}`;
const mebibytes = (value: number) => `${value.toFixed(0)} MiB`;
const perCall = (value: number) => `${value.toFixed(3)} MiB`;
const seconds = (value: number) => `${value.toFixed(2)} s`;

/** The Markdown table of bench/results/latest.md (and the README's Benchmarks section). */
export function formatBenchReport(report: BenchReport): string {
  const { machine } = report;
  const rows: string[][] = [];
  const capacity = report.capacity;
  if (capacity) {
    const shape = `C = ${capacity.maxInFlight.toLocaleString("en-US")}, L = ${(capacity.latencyMs / 1000).toFixed(0)} s, ${capacity.partitions} partitions`;
    rows.push([
      `0. Capacity, ${shape}: throughput`,
      `router ${spread(capacity.routerPerSecond, rate)}`,
      `SDK alone, ${capacity.maxInFlight.toLocaleString("en-US")} callers ${spread(capacity.sdkAlonePerSecond, rate)}`,
      ratioAtLeast(capacity.throughputRatio, 0.97),
    ]);
    rows.push([
      `0b. Capacity: RSS at ${capacity.maxInFlight.toLocaleString("en-US")} in flight (peak seen ${capacity.peakCallsInFlight})`,
      `router ${spread(capacity.routerRssMegabytes, mebibytes)}, ${spread(capacity.routerMegabytesPerCall, perCall)} per call`,
      `SDK alone ${spread(capacity.sdkAloneRssMegabytes, mebibytes)}, ${spread(capacity.sdkAloneMegabytesPerCall, perCall)} per call`,
      ratioAtMost(capacity.rssRatio, 1.3),
    ]);
    rows.push([
      "0c. Capacity: where the RSS is, V8's heap at the RSS peak (in use / held)",
      `router ${spread(capacity.routerHeapUsedMegabytes, mebibytes)} / ${spread(capacity.routerHeapTotalMegabytes, mebibytes)}`,
      `SDK alone ${spread(capacity.sdkAloneHeapUsedMegabytes, mebibytes)} / ${spread(capacity.sdkAloneHeapTotalMegabytes, mebibytes)}`,
      `held: ${spread(capacity.heapTotalRatio, ratio)}`,
    ]);
  }
  const throughput = report.routerThroughput;
  if (throughput) {
    rows.push([
      "1. Router throughput, instant simulator",
      `router ${rate(throughput.routerPerSecond)}`,
      `plain kafkajs pipe ${rate(throughput.plainPipePerSecond)}`,
      verdict(throughput.ratioToPlainPipe, 0.7),
    ]);
    rows.push([
      "1b. What bounds it: the model call over HTTP",
      `router ${rate(throughput.routerPerSecond)}`,
      `pipe + SDK call ${rate(throughput.pipeWithSdkPerSecond)}; SDK alone ${rate(throughput.sdkOnlyPerSecond)}`,
      ratio(throughput.ratioToPipeWithSdk),
    ]);
  }
  const littles = report.littlesLaw;
  if (littles) {
    rows.push([
      `2. L = ${littles.latencyMs} ms, C = ${littles.maxInFlight}, ${littles.partitions} partition`,
      `router ${spread(littles.routerPerSecond, rate)}`,
      `Little's law C / L = ${rate(littles.boundPerSecond)}`,
      spread(littles.ratioToBound, ratio),
    ]);
    rows.push([
      `2b. Little's law against the SDK alone at C = ${littles.maxInFlight}`,
      `router ${spread(littles.routerPerSecond, rate)}`,
      `SDK alone, ${littles.maxInFlight} callers, same simulator ${spread(littles.sdkAlonePerSecond, rate)}`,
      ratioAtLeast(littles.throughputRatio, 0.97),
    ]);
  }
  const latency = report.addedLatency;
  if (latency) {
    const label = `3. Added latency at ${latency.perSecond} tasks/s (model time ${latency.modelLatencyMs} ms subtracted)`;
    rows.push([
      `${label}: p50`,
      `router ${spread(latency.routerAddedP50Ms, milliseconds)}`,
      `plain Kafka round trip ${spread(latency.kafkaRoundTripP50Ms, milliseconds)}`,
      `${spread(latency.excessP50Ms, signedMilliseconds)} ${meets(latency.excessP50Ms.median <= 3, "≤ +3 ms")}`,
    ]);
    rows.push([
      "3b. Added latency: p99",
      `router ${spread(latency.routerAddedP99Ms, milliseconds)}`,
      `plain Kafka round trip ${spread(latency.kafkaRoundTripP99Ms, milliseconds)}`,
      `${spread(latency.excessP99Ms, signedMilliseconds)} ${meets(latency.excessP99Ms.median <= 10, "≤ +10 ms")}`,
    ]);
    rows.push([
      "3c. Where the router's time goes (means from its metrics)",
      `in the loop ${spread(latency.routerHandleMs, milliseconds)}: model call ${spread(latency.routerModelCallMs, milliseconds)}, publish (acks=all) ${spread(latency.routerPublishMs, milliseconds)}`,
      `simulator's fixed model time ${milliseconds(latency.modelLatencyMs)}`,
      `the loop's own time (in the loop − model call − publish) ${milliseconds(latency.routerHandleMs.median - latency.routerModelCallMs.median - latency.routerPublishMs.median)}`,
    ]);
    rows.push([
      "3d. What bounds 3 and 3b: the round trip whose forwarder makes the same SDK call (p50 / p99)",
      `router ${milliseconds(latency.routerAddedP50Ms.median)} / ${milliseconds(latency.routerAddedP99Ms.median)}`,
      `plain round trip + SDK call ${spread(latency.sdkRoundTripP50Ms, milliseconds)} / ${spread(latency.sdkRoundTripP99Ms, milliseconds)}`,
      `router over it: ${spread(latency.overSdkRoundTripP50Ms, signedMilliseconds)} / ${spread(latency.overSdkRoundTripP99Ms, signedMilliseconds)}`,
    ]);
  }
  const sink = report.sinkThroughput;
  if (sink) {
    rows.push([
      `4. Sink, ${sink.events.toLocaleString("en-US")} usage events, ${sink.batchRows.toLocaleString("en-US")}-row batches`,
      `metrics sink ${spread(sink.sinkRowsPerSecond, rate)} rows`,
      `plain batched insert ${spread(sink.plainInsertRowsPerSecond, rate)} rows`,
      ratioAtLeast(sink.ratio, 0.8),
    ]);
    rows.push([
      "4b. What bounds it: the exactly-once lookup",
      `metrics sink ${spread(sink.sinkRowsPerSecond, rate)} rows`,
      `plain insert + stored-id lookup per batch ${spread(sink.plainWithLookupRowsPerSecond, rate)} rows`,
      spread(sink.ratioToPlainWithLookup, ratio),
    ]);
    const cpu = sink.cpuMicrosecondsPerRow;
    rows.push([
      "4c. Whose work: CPU per row over the same window (writer's process / ClickHouse server)",
      `metrics sink ${spread(cpu.sink.writer, microseconds)} / ${spread(cpu.sink.server, microseconds)}`,
      `plain insert ${spread(cpu.plainInsert.writer, microseconds)} / ${spread(cpu.plainInsert.server, microseconds)}; with the lookup ${spread(cpu.plainWithLookup.writer, microseconds)} / ${spread(cpu.plainWithLookup.server, microseconds)}`,
      `sink ÷ plain insert: writer ${ratio(cpu.sink.writer.median / cpu.plainInsert.writer.median)}, server ${ratio(cpu.sink.server.median / cpu.plainInsert.server.median)}`,
    ]);
  }
  if (littles) {
    rows.push([
      `5. Router RSS at max in-flight (${littles.maxInFlight})`,
      `${spread(littles.routerRssMegabytes, mebibytes)}, ${spread(littles.routerMegabytesPerCall, perCall)} per call`,
      `SDK alone ${spread(littles.sdkAloneRssMegabytes, mebibytes)}, ${spread(littles.sdkAloneMegabytesPerCall, perCall)} per call`,
      `${spread(littles.rssRatio, ratio)}; peak calls in flight ${littles.peakCallsInFlight}`,
    ]);
  }
  const hostile = report.hostileStream;
  if (hostile) {
    rows.push([
      `6. ${hostile.classes} hostile classes at 1% each among ${hostile.innocentTasks.toLocaleString("en-US")} tasks: innocent throughput`,
      `with hostile ${rate(hostile.hostilePerSecond)}`,
      `clean run ${rate(hostile.cleanPerSecond)}`,
      verdict(hostile.throughputRatio, 0.9),
    ]);
    rows.push([
      "6b. Innocent tasks' p99 latency (clean ÷ hostile)",
      `with hostile ${milliseconds(hostile.hostileP99Ms)}; ${hostile.hostileResults} of ${hostile.hostileResultsExpected} hostile results`,
      `clean run ${milliseconds(hostile.cleanP99Ms)}`,
      verdict(hostile.p99Ratio, 0.9),
    ]);
  }
  const cli = report.cliStartup;
  if (cli) {
    const worstSeconds = cli.slowest.seconds.median;
    const worstMegabytes = cli.largest.megabytes.median;
    const main = cli.invocations[0];
    rows.push([
      `7. CLI: \`switchyard --help\` and every \`<command> --help\` (${cli.invocations.length} in all)`,
      `--help ${main ? spread(main.seconds, seconds) : "-"}; slowest \`${cli.slowest.command}\` ${spread(cli.slowest.seconds, seconds)}`,
      `bare \`node -e 0\` ${spread(cli.bareNode.seconds, seconds)}`,
      `${seconds(worstSeconds)} ${meets(worstSeconds < 0.3, "< 0.3 s")}`,
    ]);
    const cpuHeaviest = cli.invocations.reduce((worst, invocation) => (invocation.cpuSeconds.median > worst.cpuSeconds.median ? invocation : worst));
    rows.push([
      "7a. CLI: CPU time (user + system) of the same, which the machine's load hardly stretches",
      `--help ${main ? spread(main.cpuSeconds, seconds) : "-"}; most \`${cpuHeaviest.command}\` ${spread(cpuHeaviest.cpuSeconds, seconds)}`,
      `bare \`node -e 0\` ${spread(cli.bareNode.cpuSeconds, seconds)}`,
      `${seconds(cpuHeaviest.cpuSeconds.median)} ${meets(cpuHeaviest.cpuSeconds.median < 0.3, "< 0.3 s")}`,
    ]);
    rows.push([
      "7b. CLI: peak RSS of the same",
      `largest \`${cli.largest.command}\` ${spread(cli.largest.megabytes, mebibytes)}`,
      `bare \`node -e 0\` ${spread(cli.bareNode.megabytes, mebibytes)}`,
      `${mebibytes(worstMegabytes)} ${meets(worstMegabytes < 80, "< 80 MiB")}`,
    ]);
    const overHeaviest = cli.invocations.reduce((worst, invocation) =>
      invocation.overBareNodeSeconds.median > worst.overBareNodeSeconds.median ? invocation : worst,
    );
    rows.push([
      "7c. CLI: wall time over a bare `node -e 0` started just before it (our own share, paired per round)",
      `--help ${main ? spread(main.overBareNodeSeconds, seconds) : "-"}; most \`${overHeaviest.command}\` ${spread(overHeaviest.overBareNodeSeconds, seconds)}`,
      `bare \`node -e 0\` ${spread(cli.bareNode.seconds, seconds)}`,
      `+${seconds(overHeaviest.overBareNodeSeconds.median)} over node's own start`,
    ]);
  }
  const scaling = report.routerScaling;
  for (const row of scaling?.rows ?? []) {
    rows.push([
      `8. ${row.routers} router${row.routers === 1 ? "" : "s"} over ${scaling!.partitions} partitions, L = ${scaling!.latencyMs} ms, C = ${scaling!.maxInFlightPerRouter} each`,
      `routers ${rate(row.perSecond)}`,
      `Little's law, all instances: ${row.routers} × C / L = ${rate(row.boundPerSecond)}`,
      ratio(row.ratio),
    ]);
  }
  const load = (values: number[]) => values.map((value) => value.toFixed(1)).join(" ");
  const lines = [
    `Measured ${report.startedAt} in ${report.durationSeconds} s on ${machine.cores} cores (${machine.cpuModel}); node ${machine.node}, kafkajs ${machine.kafkajs}, ` +
      `@anthropic-ai/sdk ${machine.anthropicSdk}, @clickhouse/client ${machine.clickhouseClient}, Kafka broker ${machine.kafkaBroker}, ClickHouse ${machine.clickhouseServer}. ` +
      `Load average (1, 5, 15 min) ${load(report.loadAverageAtStart)} at the start, ${load(report.loadAverageAtEnd)} at the end; ` +
      `1-minute load as each benchmark began: ${Object.entries(report.loadAverageByBenchmark)
        .map(([name, value]) => `${name} ${value.toFixed(1)}`)
        .join(", ")}. ` +
      `Repeated comparisons ran ${report.repeats} times, Switchyard and its baseline taking turns: median [lowest–highest].`,
    "",
    "| benchmark | Switchyard | baseline (same run) | ratio |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
  ];
  return `${lines.join("\n")}\n`;
}
