import { spawn } from "node:child_process";
import { join } from "node:path";

/** The compiled command line, as `npx switchyard` runs it. */
export const CLI_MAIN = join(__dirname, "..", "src", "main.js");

/** For a command that serves until stopped: once `pattern` shows on the stream, `run` checks it; then the command gets SIGTERM. */
export interface ServingCheck {
  stream: "stdout" | "stderr";
  pattern: RegExp;
  run(match: RegExpExecArray, stdout: string): Promise<void>;
}

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
export function runCommandLine(
  args: readonly string[],
  options: { input?: string; environment?: Record<string, string>; killAfterMs?: number; whileServing?: ServingCheck } = {},
): Promise<CommandLineOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.environment },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let serving: Promise<unknown> | undefined;
    const watch = () => {
      const check = options.whileServing;
      const match = check && serving === undefined ? check.pattern.exec(check.stream === "stdout" ? stdout : stderr) : null;
      if (!check || !match) return;
      // A failed check is reported when the command has exited (it is stopped either way).
      serving = check
        .run(match, stdout)
        .then(
          () => undefined,
          (error: unknown) => error,
        )
        .finally(() => child.kill("SIGTERM"));
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      watch();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      watch();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (options.whileServing && serving === undefined)
        return reject(new Error(`the command never printed ${options.whileServing.pattern}: ${stdout}${stderr}`));
      void (serving ?? Promise.resolve(undefined)).then((failure) => (failure === undefined ? resolve({ exitCode: code, stdout, stderr }) : reject(failure)));
    });
    child.stdin.end(options.input ?? "");
  });
}
