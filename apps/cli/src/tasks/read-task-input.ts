import { readFileSync } from "node:fs";
import type { TaskEvent } from "@switchyard/contracts";
import { ConfigurationError } from "@switchyard/platform";
import type { CommandIo, OptionValues } from "../command-line/command";
import { readInteger, readKeyValues, readString } from "../command-line/read-options";
import { readAll } from "../command-line/read-stdin";
import { resolveUserPath } from "../command-line/resolve-paths";
import { buildTaskFromFlags, parseTaskJson, type TaskFlags } from "./build-task";

/**
 * The task a submit command names: a JSON file (or "-" for stdin) given as
 * argument; flags (--type with --prompt, or the prompt on stdin); or, with
 * neither, a JSON task on stdin (typed at the terminal, ended with Ctrl-D).
 */
export async function readTaskInput(values: OptionValues, positionals: readonly string[], io: CommandIo): Promise<TaskEvent> {
  const flags: TaskFlags = {
    id: readString(values, "id"),
    type: readString(values, "type"),
    prompt: readString(values, "prompt"),
    system: readString(values, "system"),
    maxTokens: readString(values, "max-tokens") === undefined ? undefined : readInteger(values, "max-tokens", 0, 1, 200_000),
    tier: readString(values, "tier"),
    metadata: readKeyValues(values, "metadata"),
  };
  const file = positionals[0];
  if (file !== undefined && file !== "-") return parseTaskJson(readTaskFile(resolveUserPath(io.workingDirectory, file), file), flags, file);
  if (file === undefined && flags.type !== undefined) {
    const prompt = flags.prompt ?? (await readPrompt(io));
    return buildTaskFromFlags({ ...flags, type: flags.type, prompt });
  }
  if (flags.prompt !== undefined) throw new ConfigurationError("--prompt", "needs --type (the task type the prompt is for)");
  if (io.stdin.isTTY) io.stderr.write("Type or paste a task as JSON, then press Ctrl-D:\n");
  return parseTaskJson(await readAll(io.stdin), flags, "the task on standard input");
}

function readTaskFile(path: string, shown: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigurationError("task file", `cannot read ${shown} (${(error as NodeJS.ErrnoException).code ?? "error"})`, { cause: error });
  }
}

async function readPrompt(io: CommandIo): Promise<string> {
  if (io.stdin.isTTY) io.stderr.write("Type the prompt, then press Ctrl-D:\n");
  const prompt = (await readAll(io.stdin)).trim();
  if (prompt.length === 0) throw new ConfigurationError("--prompt", "is empty: give --prompt or the prompt on standard input");
  return prompt;
}
