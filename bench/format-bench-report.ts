import type { MachineFacts } from "./support/bench-environment";
import type { AddedLatencyResult } from "./measure-added-latency";
import type { HostileStreamResult } from "./measure-hostile-stream";
import type { LittlesLawResult } from "./measure-littles-law";
import type { RouterThroughputResult } from "./measure-router-throughput";
import type { SinkThroughputResult } from "./measure-sink-throughput";

export interface BenchReport {
  startedAt: string;
  durationSeconds: number;
  machine: MachineFacts;
  routerThroughput?: RouterThroughputResult;
  littlesLaw?: LittlesLawResult;
  addedLatency?: AddedLatencyResult;
  sinkThroughput?: SinkThroughputResult;
  hostileStream?: HostileStreamResult;
}

const rate = (value: number) => `${Math.round(value).toLocaleString("en-US")}/s`;
const ratio = (value: number) => value.toFixed(2);
const milliseconds = (value: number) => `${value.toFixed(1)} ms`;
const verdict = (value: number, target: number) => (value >= target ? `${ratio(value)} (target ≥ ${target}: met)` : `${ratio(value)} (target ≥ ${target}: missed)`);

/** The Markdown table of bench/results/latest.md (and the README's Benchmarks section). */
export function formatBenchReport(report: BenchReport): string {
  const { machine } = report;
  const rows: string[][] = [];
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
      `router ${rate(littles.perSecond)}`,
      `Little's law C / L = ${rate(littles.boundPerSecond)}`,
      verdict(littles.ratio, 0.9),
    ]);
    rows.push([
      "2b. What bounds it: the simulator and HTTP at C = 256",
      `router ${rate(littles.perSecond)}`,
      `SDK alone, ${littles.maxInFlight} callers, same simulator ${rate(littles.sdkOnlyPerSecond)}`,
      ratio(littles.ratioToSdkOnly),
    ]);
  }
  const latency = report.addedLatency;
  if (latency) {
    rows.push([
      `3. Added latency at ${latency.perSecond} tasks/s (model time ${latency.modelLatencyMs} ms subtracted)`,
      `router p50 ${milliseconds(latency.routerAddedP50Ms)}, p99 ${milliseconds(latency.routerAddedP99Ms)}`,
      `plain Kafka round trip p50 ${milliseconds(latency.kafkaRoundTripP50Ms)}, p99 ${milliseconds(latency.kafkaRoundTripP99Ms)}`,
      `p50 +${milliseconds(latency.routerAddedP50Ms - latency.kafkaRoundTripP50Ms)}`,
    ]);
  }
  const sink = report.sinkThroughput;
  if (sink) {
    rows.push([
      `4. Sink, ${sink.events.toLocaleString("en-US")} usage events, ${sink.batchRows.toLocaleString("en-US")}-row batches`,
      `metrics sink ${rate(sink.sinkRowsPerSecond)} rows`,
      `plain batched insert ${rate(sink.plainInsertRowsPerSecond)} rows`,
      verdict(sink.ratio, 0.8),
    ]);
    rows.push([
      "4b. What bounds it: the exactly-once lookup",
      `metrics sink ${rate(sink.sinkRowsPerSecond)} rows`,
      `plain insert + stored-id lookup per batch ${rate(sink.plainWithLookupRowsPerSecond)} rows`,
      ratio(sink.ratioToPlainWithLookup),
    ]);
  }
  if (littles) {
    rows.push([
      `5. Router RSS at max in-flight (${littles.maxInFlight})`,
      `${littles.rssAtMaxInFlightMegabytes.toFixed(0)} MiB`,
      `${littles.rssAtStartMegabytes.toFixed(0)} MiB after start`,
      `peak calls in flight ${littles.peakCallsInFlight}`,
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
  const lines = [
    `Measured ${report.startedAt} in ${report.durationSeconds} s on ${machine.cores} cores (${machine.cpuModel}); node ${machine.node}, kafkajs ${machine.kafkajs}, ` +
      `@anthropic-ai/sdk ${machine.anthropicSdk}, @clickhouse/client ${machine.clickhouseClient}, Kafka broker ${machine.kafkaBroker}, ClickHouse ${machine.clickhouseServer}.`,
    "",
    "| benchmark | Switchyard | baseline (same run) | ratio |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.join(" | ")} |`),
    "",
  ];
  return `${lines.join("\n")}\n`;
}
