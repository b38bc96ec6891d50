import { PassThrough } from "node:stream";
import { runCli } from "../src/index";
import type { CommandLineOutcome } from "./run-command-line";

/**
 * Runs a command line in this process, with captured streams: for tests of
 * many short commands, which would each pay a node start-up in a child (many
 * seconds on a busy machine). The child-process runner stays the test of the
 * real entry point.
 */
export async function runCliInProcess(args: readonly string[], environment: Record<string, string> = {}): Promise<CommandLineOutcome> {
  let stdout = "";
  let stderr = "";
  const out = new PassThrough();
  const err = new PassThrough();
  out.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  err.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const stdin = new PassThrough();
  stdin.end();
  const exitCode = await runCli(args, { stdout: out, stderr: err, stdin, environment, workingDirectory: process.cwd() });
  return { exitCode, stdout, stderr };
}
