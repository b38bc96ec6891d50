import { spawn } from "node:child_process";
import { join } from "node:path";

/** The compiled command line, as `npx switchyard` runs it. */
export const CLI_MAIN = join(__dirname, "..", "src", "main.js");

export interface CommandLineOutcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built command line in a child process (asynchronously, so that a
 * router in the test's own process keeps working), with `input` on stdin. A
 * command that hangs is killed after `killAfterMs` and reported with exit
 * code null: the test then fails on it.
 */
export function runCommandLine(args: readonly string[], options: { input?: string; environment?: Record<string, string>; killAfterMs?: number } = {}): Promise<CommandLineOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.environment },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr });
    });
    child.stdin.end(options.input ?? "");
  });
}
