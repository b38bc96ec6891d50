import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { ROOT } from "./support/bench-environment";
import { summarizeRepeats, type Repeated } from "./support/summarize-repeats";

export interface CliInvocationResult {
  /** The arguments after `switchyard`, or "node -e 0" for the bare runtime. */
  command: string;
  seconds: Repeated;
  /** User + system CPU time of the process, from its own start to its exit. */
  cpuSeconds: Repeated;
  megabytes: Repeated;
  /** Wall time minus the bare node start of the same round: what is ours (0 for the bare node itself). */
  overBareNodeSeconds: Repeated;
}

export interface CliStartupResult {
  /** `node -e 0`: what starting the runtime alone costs on this machine right now. */
  bareNode: CliInvocationResult;
  invocations: CliInvocationResult[];
  /** The invocation with the highest median time, and the one with the highest median RSS. */
  slowest: CliInvocationResult;
  largest: CliInvocationResult;
}

const LAUNCHER = join(ROOT, "apps", "cli", "bin", "switchyard.js");
const PRELOAD = join(ROOT, "bench", "dist", "report-max-rss.js");

/**
 * Benchmark 7 (issue 19): `switchyard --help` and `switchyard <command> --help`
 * for every command, wall time and peak RSS, `repeats` rounds, each
 * invocation right after a bare `node -e 0` (its pair, for the time over node's own start).
 */
export function measureCliStartup(repeats: number): CliStartupResult {
  const names = commandNames();
  const argumentLists = [["--help"], ...names.map((name) => [name, "--help"])];
  const bare: Array<Sample> = [];
  const samples = argumentLists.map(() => [] as Array<Sample>);
  // Each invocation right after a bare node start of its own: the pair sees the same load.
  const pairedBare = argumentLists.map(() => [] as Array<Sample>);
  for (let round = 0; round < repeats; round += 1) {
    argumentLists.forEach((argumentList, index) => {
      const node = timeNode(["-e", "0"]);
      bare.push(node);
      pairedBare[index]?.push(node);
      samples[index]?.push(timeNode([LAUNCHER, ...argumentList]));
    });
  }
  const summarize = (command: string, runs: Array<Sample>, baseline: Array<Sample>): CliInvocationResult => ({
    command,
    seconds: summarizeRepeats(runs.map((run) => run.seconds)),
    overBareNodeSeconds: summarizeRepeats(runs.map((run, round) => run.seconds - (baseline[round]?.seconds ?? Number.NaN))),
    cpuSeconds: summarizeRepeats(runs.map((run) => run.cpuSeconds)),
    megabytes: summarizeRepeats(runs.map((run) => run.megabytes)),
  });
  const invocations = argumentLists.map((argumentList, index) => summarize(argumentList.join(" "), samples[index] ?? [], pairedBare[index] ?? []));
  const highest = (key: "seconds" | "megabytes") =>
    invocations.reduce((worst, invocation) => (invocation[key].median > worst[key].median ? invocation : worst), invocations[0] as CliInvocationResult);
  return { bareNode: summarize("node -e 0", bare, bare), invocations, slowest: highest("seconds"), largest: highest("megabytes") };
}

/** The command names, read from the main help's "commands:" list. */
function commandNames(): string[] {
  const help = spawnSync(process.execPath, [LAUNCHER, "--help"], { encoding: "utf8" });
  if (help.status !== 0) throw new Error(`switchyard --help failed: ${help.stderr}`);
  const lines = help.stdout.split("\n");
  const start = lines.indexOf("commands:");
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const name = /^ {2}(\S+) /.exec(line)?.[1];
    if (!name) break;
    names.push(name);
  }
  if (names.length === 0) throw new Error("no commands in switchyard --help");
  return names;
}

interface Sample {
  seconds: number;
  cpuSeconds: number;
  megabytes: number;
}

function timeNode(argumentList: readonly string[]): Sample {
  const started = performance.now();
  const run = spawnSync(process.execPath, ["-r", PRELOAD, ...argumentList], { encoding: "utf8" });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`node ${argumentList.join(" ")} exited ${run.status}: ${run.stderr}`);
  const kibibytes = Number(/bench-max-rss-kib=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  const cpuMicroseconds = Number(/bench-cpu-us=(\d+)/.exec(run.stderr)?.[1] ?? Number.NaN);
  return { seconds, cpuSeconds: cpuMicroseconds / 1_000_000, megabytes: kibibytes / 1024 };
}
