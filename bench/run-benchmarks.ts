// `npm run bench`: the benchmarks of issues 7, 13 and 19, one after the other, against the local broker
// and ClickHouse server (started by scripts/services.sh when they are not running), each with the
// baselines it is compared with measured in the same run (BENCH_REPEATS times, taking turns). Writes
// bench/results/latest.json and latest.md, and keeps every run in bench/results/history/. Arguments
// select benchmarks by name (throughput, capacity, littles-law, latency, sink, hostile, cli, scaling).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { createClient } from "@clickhouse/client";
import { CLICKHOUSE_URL, ROOT, machineFacts } from "./support/bench-environment";
import { formatBenchReport, type BenchReport } from "./format-bench-report";
import { measureAddedLatency } from "./measure-added-latency";
import { measureCapacity } from "./measure-capacity";
import { measureCliStartup } from "./measure-cli-startup";
import { measureHostileStream } from "./measure-hostile-stream";
import { measureLittlesLaw } from "./measure-littles-law";
import { measureRouterThroughput } from "./measure-router-throughput";
import { measureRouterScaling } from "./measure-router-scaling";
import { measureSinkThroughput } from "./measure-sink-throughput";
import { benchRepeats } from "./support/summarize-repeats";

const selected = process.argv.slice(2);
const wanted = (name: string) => selected.length === 0 || selected.includes(name);
const loadAverageByBenchmark: Record<string, number> = {};
/** True when the benchmark was asked for; notes the load as it begins. */
const begins = (name: string) => {
  if (!wanted(name)) return false;
  loadAverageByBenchmark[name] = loadavg()[0] ?? Number.NaN;
  return true;
};

function say(line: string): void {
  process.stdout.write(`bench: ${line}\n`);
}

async function clickhouseVersion(): Promise<string> {
  const client = createClient({ url: CLICKHOUSE_URL });
  try {
    const result = await client.query({ query: "SELECT version() AS version", format: "JSONEachRow" });
    return (await result.json<{ version: string }>())[0]?.version ?? "unknown";
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  if (!process.env.SWITCHYARD_SKIP_SERVICES_UP) {
    const up = spawnSync("bash", [join(ROOT, "scripts", "services.sh"), "up"], { stdio: "inherit" });
    if (up.status !== 0) throw new Error("could not start Kafka and ClickHouse (see above)");
  }
  const started = Date.now();
  const repeats = benchRepeats();
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    durationSeconds: 0,
    repeats,
    loadAverageAtStart: loadavg(),
    loadAverageAtEnd: [],
    loadAverageByBenchmark,
    machine: machineFacts(await clickhouseVersion()),
  };
  say(
    `${report.machine.cores} cores, node ${report.machine.node}, kafkajs ${report.machine.kafkajs}, Kafka ${report.machine.kafkaBroker}, ClickHouse ${report.machine.clickhouseServer}`,
  );
  if (begins("throughput")) {
    say("1. router throughput with an instant simulator against plain kafkajs pipes…");
    report.routerThroughput = await measureRouterThroughput();
  }
  if (begins("capacity")) {
    say(`0. capacity: 1,000 calls of 2 s in flight, router against the SDK alone, ${repeats} rounds…`);
    report.capacity = await measureCapacity(repeats);
  }
  if (begins("littles-law")) {
    say(`2. Little's law at L = 500 ms, C = 256, one partition (and 5. the router's RSS), ${repeats} rounds…`);
    report.littlesLaw = await measureLittlesLaw(repeats);
  }
  if (begins("latency")) {
    say(`3. added latency at a fixed load against a plain Kafka round trip, ${repeats} rounds…`);
    report.addedLatency = await measureAddedLatency(repeats);
  }
  if (begins("sink")) {
    say(`4. metrics sink rows per second against a plain batched insert loop, ${repeats} rounds…`);
    report.sinkThroughput = await measureSinkThroughput(repeats);
  }
  if (begins("hostile")) {
    say("6. innocent tasks' throughput and p99 with 1% hostile tasks of each class, against a clean run…");
    report.hostileStream = await measureHostileStream();
  }
  if (begins("cli")) {
    say(`7. switchyard --help and <command> --help against a bare node start, ${Math.max(repeats, 9)} rounds…`);
    report.cliStartup = measureCliStartup(Math.max(repeats, 9));
  }
  if (begins("scaling")) {
    say("8. 1, 2 and 4 routers over 12 partitions at L = 500 ms against the Little's-law bound of all instances…");
    report.routerScaling = await measureRouterScaling();
  }
  report.durationSeconds = Math.round((Date.now() - started) / 1000);
  report.loadAverageAtEnd = loadavg();
  const directory = join(ROOT, "bench", "results");
  // One file per run, named by its start time, so that a regression shows against earlier runs.
  const history = join(directory, "history");
  mkdirSync(history, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(directory, "latest.json"), json);
  writeFileSync(join(history, `${report.startedAt.replace(/[:.]/g, "-")}.json`), json);
  const markdown = formatBenchReport(report);
  writeFileSync(join(directory, "latest.md"), markdown);
  process.stdout.write(`\n${markdown}`);
  say(`done in ${report.durationSeconds} s; results in bench/results/latest.json and latest.md, and in bench/results/history/`);
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
