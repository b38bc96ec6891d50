// Preloaded (`node -r`) into a command the CLI benchmark times: on exit, writes the process's peak RSS
// and CPU time (user + system: unlike wall time, hardly stretched by other work on the machine) to stderr.
// VmHWM, not getrusage's maxRSS: Linux carries ru_maxrss across exec, so a child forked from a large
// benchmark process would report the parent's size.
import { readFileSync, writeSync } from "node:fs";

process.on("exit", () => {
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? "NaN";
  const cpu = process.cpuUsage();
  writeSync(2, `\nbench-max-rss-kib=${peak} bench-cpu-us=${cpu.user + cpu.system}\n`);
});
