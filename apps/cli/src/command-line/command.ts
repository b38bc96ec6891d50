import type { Environment } from "@switchyard/platform";

/** One option of a command, as node:util parseArgs takes it, plus its help text. */
export interface OptionSpecification {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  description: string;
  /** The value's placeholder in --help, e.g. "N". */
  valueName?: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** Where a command reads and writes; the process's streams, or a test's. */
export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  environment: Environment;
  /** The directory relative paths are resolved against. */
  workingDirectory: string;
}

export interface CommandInvocation {
  values: OptionValues;
  positionals: string[];
  io: CommandIo;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** e.g. "switchyard report <name> [options]". */
  usage: string;
  /** Paragraphs shown by --help after the usage line. */
  details: string[];
  options: Record<string, OptionSpecification>;
  positionals: { minimum: number; maximum: number; names: string };
  /** Examples shown by --help. */
  examples: string[];
  /** Resolves with the process exit code. */
  run(invocation: CommandInvocation): Promise<number>;
}
