// scripts/lib/processes.sh: the start-up check of scripts/services.sh and the cluster scripts.
// The cluster suite once failed with "zookeeper exited during start-up" while ZooKeeper was starting:
// the old check matched the command line, which is still the forked shell's until the child execs.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import test from "node:test";

const LIBRARY = join(__dirname, "..", "..", "scripts", "lib", "processes.sh");
const STARTS = 100;

function runBash(script: string): string {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-processes-"));
  try {
    return execFileSync("bash", ["-c", script], { encoding: "utf8", env: { ...process.env, LIBRARY, PID_FILE: join(directory, "pid") } });
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

test("a process just started is alive at once, even before it has exec'd", () => {
  const output = runBash(`
    source "$LIBRARY"
    missed=0
    for i in $(seq 1 ${STARTS}); do
      setsid nohup sleep 30 >/dev/null 2>&1 </dev/null &
      pid=$!
      echo $pid >"$PID_FILE"
      started_alive "$PID_FILE" || missed=$((missed + 1))
      # Long-lived, so that only the check (never an exit) can make it miss; stopped once checked.
      kill $pid 2>/dev/null
    done
    echo "$missed"
  `);
  assert.equal(Number(output.trim()), 0, `started_alive missed ${output.trim()} of ${STARTS} running processes`);
});

test("a process that exited is not alive, reaped or not", () => {
  const output = runBash(`
    source "$LIBRARY"
    setsid nohup true >/dev/null 2>&1 </dev/null &
    echo $! >"$PID_FILE"
    pid=$!
    while [ -d "/proc/$pid" ] && ! grep -q '^[^)]*) Z' "/proc/$pid/stat" 2>/dev/null; do sleep 0.05; done
    started_alive "$PID_FILE" && echo alive || echo gone
  `);
  assert.equal(output.trim(), "gone");
});

test("a missing or empty pid file is not alive", () => {
  const output = runBash(`
    source "$LIBRARY"
    started_alive "$PID_FILE" && echo alive || echo missing
    : >"$PID_FILE"
    started_alive "$PID_FILE" && echo alive || echo empty
  `);
  assert.deepEqual(output.trim().split("\n"), ["missing", "empty"]);
});

test("wait_gone: true once a killed process has ended, false while one still runs", () => {
  const output = runBash(`
    source "$LIBRARY"
    setsid nohup sleep 30 >/dev/null 2>&1 </dev/null &
    pid=$!
    wait_gone "$pid" 1 && echo ended || echo running
    kill -KILL "$pid"
    wait_gone "$pid" 10 && echo ended || echo running
  `);
  assert.deepEqual(output.trim().split("\n"), ["running", "ended"]);
});

test("stop_pid: returns once the process has ended", () => {
  const output = runBash(`
    source "$LIBRARY"
    say() { echo "say: $*"; }
    fail() { echo "fail: $*"; exit 1; }
    setsid nohup sleep 30 >/dev/null 2>&1 </dev/null &
    pid=$!
    stop_pid sleeper "$pid"
    process_running "$pid" && echo running || echo ended
  `);
  assert.equal(output.trim(), "ended");
});
