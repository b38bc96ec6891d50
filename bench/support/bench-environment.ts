import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { BROKERS, ROOT, SERVICE_SCRIPTS } from "@switchyard/test-support";

export { BROKERS, CLICKHOUSE_URL, ROOT, freePort, uniqueSuffix, waitUntil } from "@switchyard/test-support";
export { sleep } from "@switchyard/platform";

export const RUN_DIRECTORY = join(ROOT, ".run", "bench");

export const SCRIPTS = {
  ...SERVICE_SCRIPTS,
  forwardPipe: join(ROOT, "bench", "dist", "forward-pipe-process.js"),
  sdkClosedLoop: join(ROOT, "bench", "dist", "sdk-closed-loop-process.js"),
} as const;

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
    const pid = listeningProcess(port);
    if (pid === null) return "unknown (not a local process)";
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    const classpath = argv[argv.indexOf("-cp") + 1] ?? argv[argv.indexOf("-classpath") + 1] ?? "";
    const workingDirectory = readlinkSync(`/proc/${pid}/cwd`);
    for (const entry of classpath.split(":")) {
      const directory = dirname(isAbsolute(entry) ? entry : join(workingDirectory, entry));
      const jar = readdirSync(directory)
        .map((name) => /^kafka(?:_2\.\d+|-server)-(\d[\w.-]*)\.jar$/.exec(name)?.[1])
        .find(Boolean);
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

/** The local process listening on a TCP port, or null (none, or not ours to see). */
export function listeningProcess(port: string): number | null {
  try {
    const listening = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
    const pid = /pid=(\d+)/.exec(listening)?.[1];
    return pid === undefined ? null : Number(pid);
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; NaN when it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ: 100 on Linux for every architecture node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

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
