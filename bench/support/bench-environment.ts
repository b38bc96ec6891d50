import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** The repository root: bench/dist/support → three levels up. */
export const ROOT = process.env.SWITCHYARD_ROOT ?? resolve(__dirname, "..", "..", "..");
export const BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
export const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123";
export const RUN_DIRECTORY = join(ROOT, ".run", "bench");

export const SCRIPTS = {
  router: join(ROOT, "services", "router", "dist", "src", "main.js"),
  sink: join(ROOT, "services", "metrics-sink", "dist", "src", "main.js"),
  simulator: join(ROOT, "packages", "model-simulator", "dist", "src", "main.js"),
  forwardPipe: join(ROOT, "bench", "dist", "forward-pipe-process.js"),
} as const;

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, milliseconds));
}

export async function waitUntil(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`benchmark: timed out after ${timeoutMs} ms waiting until ${what}`);
    await sleep(20);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export interface MachineFacts {
  cores: number;
  cpuModel: string;
  node: string;
  kafkajs: string;
  anthropicSdk: string;
  clickhouseClient: string;
  kafkaBroker: string;
  clickhouseServer: string;
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * The broker's version, read from the jars on the classpath of the process
 * listening on the broker's port (the Kafka protocol does not report it).
 */
function kafkaBrokerVersion(): string {
  const port = BROKERS[0]?.split(":")[1] ?? "9092";
  try {
    const listening = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = /pid=(\d+)/.exec(listening)?.[1];
    if (!pid) return "unknown (not a local process)";
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const classpath = argv[argv.indexOf("-cp") + 1] ?? argv[argv.indexOf("-classpath") + 1] ?? "";
    const workingDirectory = readlinkSync(`/proc/${pid}/cwd`);
    for (const entry of classpath.split(":")) {
      const directory = dirname(isAbsolute(entry) ? entry : join(workingDirectory, entry));
      const jar = readdirSync(directory).map((name) => /^kafka(?:_2\.\d+|-server)-(\d[\w.-]*)\.jar$/.exec(name)?.[1]).find(Boolean);
      if (jar) return jar;
    }
  } catch {
    // Falls through: not a local broker, or not readable.
  }
  return "unknown";
}

export function machineFacts(clickhouseServer: string): MachineFacts {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    node: process.version,
    kafkajs: packageVersion("kafkajs"),
    anthropicSdk: packageVersion("@anthropic-ai/sdk"),
    clickhouseClient: packageVersion("@clickhouse/client"),
    kafkaBroker: kafkaBrokerVersion(),
    clickhouseServer,
  };
}

/** Resident set size of a process, in MiB, from /proc. */
export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kilobytes = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? "0");
  return kilobytes / 1024;
}

export function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? Number.NaN;
}
