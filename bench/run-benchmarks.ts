// `npm run bench`: the five benchmarks of issue 7, one after the other, against the local broker and
// ClickHouse server (started by scripts/services.sh when they are not running), each with the
// baselines it is compared with measured in the same run. Writes bench/results/latest.json and
// bench/results/latest.md. Arguments select benchmarks by name (throughput, littles-law, latency, sink, hostile).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@clickhouse/client";
import { CLICKHOUSE_URL, ROOT, machineFacts } from "./support/bench-environment";
import { formatBenchReport, type BenchReport } from "./format-bench-report";
import { measureAddedLatency } from "./measure-added-latency";
import { measureHostileStream } from "./measure-hostile-stream";
import { measureLittlesLaw } from "./measure-littles-law";
import { measureRouterThroughput } from "./measure-router-throughput";
import { measureSinkThroughput } from "./measure-sink-throughput";

const selected = process.argv.slice(2);
const wanted = (name: string) => selected.length === 0 || selected.includes(name);

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
  const report: BenchReport = { startedAt: new Date().toISOString(), durationSeconds: 0, machine: machineFacts(await clickhouseVersion()) };
  say(`${report.machine.cores} cores, node ${report.machine.node}, kafkajs ${report.machine.kafkajs}, Kafka ${report.machine.kafkaBroker}, ClickHouse ${report.machine.clickhouseServer}`);
  if (wanted("throughput")) {
    say("1. router throughput with an instant simulator against plain kafkajs pipes…");
    report.routerThroughput = await measureRouterThroughput();
  }
  if (wanted("littles-law")) {
    say("2. Little's law at L = 500 ms, C = 256, one partition (and 5. the router's RSS)…");
    report.littlesLaw = await measureLittlesLaw();
  }
  if (wanted("latency")) {
    say("3. added latency at a fixed load against a plain Kafka round trip…");
    report.addedLatency = await measureAddedLatency();
  }
  if (wanted("sink")) {
    say("4. metrics sink rows per second against a plain batched insert loop…");
    report.sinkThroughput = await measureSinkThroughput();
  }
  if (wanted("hostile")) {
    say("6. innocent tasks' throughput and p99 with 1% hostile tasks of each class, against a clean run…");
    report.hostileStream = await measureHostileStream();
  }
  report.durationSeconds = Math.round((Date.now() - started) / 1000);
  const directory = join(ROOT, "bench", "results");
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = formatBenchReport(report);
  writeFileSync(join(directory, "latest.md"), markdown);
  process.stdout.write(`\n${markdown}`);
  say(`done in ${report.durationSeconds} s; results in bench/results/latest.json and latest.md`);
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
