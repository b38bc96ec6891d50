import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigurationError } from "@switchyard/platform";
import type { Command, CommandIo, OptionValues } from "./command-line/command";
import { describeCliError } from "./command-line/describe-cli-error";
import { renderCommandHelp, renderMainHelp } from "./command-line/render-help";
import { demoCommand } from "./commands/demo-command";
import { policyCommand } from "./commands/policy-command";
import { modelsCommand } from "./commands/models-command";
import { reportCommand } from "./commands/report-command";
import { resultsCommand } from "./commands/results-command";
import { serveCommand } from "./commands/serve-command";
import { simulateCommand } from "./commands/simulate-command";
import { sqlCommand } from "./commands/sql-command";
import { submitCommand } from "./commands/submit-command";

export const COMMANDS: readonly Command[] = [demoCommand, submitCommand, resultsCommand, reportCommand, sqlCommand, policyCommand, simulateCommand, serveCommand, modelsCommand];

/**
 * Runs one command line and resolves with the exit code. Every failure ends
 * as one line on stderr: `switchyard <command>: <what went wrong>`.
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? COMMANDS.find((command) => command.name === rest[0]) : undefined;
    io.stdout.write(topic ? renderCommandHelp(topic) : renderMainHelp(COMMANDS));
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`switchyard: unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((candidate) => candidate.name).join(", ")} (see switchyard --help)\n`);
    return 2;
  }
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: { ...toParseArgsOptions(command), help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help === true) {
      io.stdout.write(renderCommandHelp(command));
      return 0;
    }
    const { minimum, maximum, names } = command.positionals;
    if (parsed.positionals.length < minimum || parsed.positionals.length > maximum) {
      const expected = maximum === 0 ? "no arguments" : `${names}`;
      throw new ConfigurationError("arguments", `expected ${expected}, got ${parsed.positionals.length === 0 ? "none" : parsed.positionals.map((value) => JSON.stringify(value)).join(" ")} (see switchyard ${command.name} --help)`);
    }
    return await command.run({ values: parsed.values as OptionValues, positionals: parsed.positionals, io });
  } catch (error) {
    const description = describeCliError(error);
    io.stderr.write(`switchyard ${command.name}: ${description.line}\n`);
    return description.exitCode;
  }
}

function toParseArgsOptions(command: Command): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, option] of Object.entries(command.options)) {
    options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  return options;
}
