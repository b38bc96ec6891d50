import { ConfigurationError } from "@switchyard/platform";
import type { Command, CommandIo, OptionValues } from "./command";
import { applyConnectionOptions, nameTheFlag } from "./connection-options";
import { describeCliError } from "./describe-cli-error";

/** What parseArgs read from a command line. */
export interface ParsedCommandLine {
  values: Record<string, unknown>;
  positionals: string[];
}

/** Runs a parsed command line: checks its arguments, applies the connection flags, and turns any failure into one line. */
export async function runCommand(command: Command, parsed: ParsedCommandLine, io: CommandIo): Promise<number> {
  try {
    const { minimum, maximum, names } = command.positionals;
    if (parsed.positionals.length < minimum || parsed.positionals.length > maximum) {
      const expected = maximum === 0 ? "no arguments" : `${names}`;
      throw new ConfigurationError(
        "arguments",
        `expected ${expected}, got ${parsed.positionals.length === 0 ? "none" : parsed.positionals.map((value) => JSON.stringify(value)).join(" ")} (see switchyard ${command.name} --help)`,
      );
    }
    const values = parsed.values as OptionValues;
    const environment = applyConnectionOptions(values, io.environment);
    return await command.run({ values, positionals: parsed.positionals, io: { ...io, environment } }).catch((error: unknown) => {
      throw nameTheFlag(error, values);
    });
  } catch (error) {
    return reportCommandError(command, error, io);
  }
}

/** `switchyard <command>: <what went wrong>` on stderr; resolves with the exit code. */
export function reportCommandError(command: Command, error: unknown, io: CommandIo): number {
  const description = describeCliError(error);
  io.stderr.write(`switchyard ${command.name}: ${description.line}\n`);
  return description.exitCode;
}
