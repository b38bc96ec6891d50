import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { Command, CommandIo } from "./command-line/command";
import { renderCommandHelp, renderMainHelp } from "./command-line/render-help";
import { budgetsCommand } from "./commands/budgets-command";
import { dashboardCommand } from "./commands/dashboard-command";
import { demoCommand } from "./commands/demo-command";
import { policyCommand } from "./commands/policy-command";
import { modelsCommand } from "./commands/models-command";
import { reportCommand } from "./commands/report-command";
import { resultsCommand } from "./commands/results-command";
import { serveCommand } from "./commands/serve-command";
import { simulateCommand } from "./commands/simulate-command";
import { sqlCommand } from "./commands/sql-command";
import { submitCommand } from "./commands/submit-command";

export const COMMANDS: readonly Command[] = [
  demoCommand,
  submitCommand,
  resultsCommand,
  reportCommand,
  sqlCommand,
  policyCommand,
  budgetsCommand,
  simulateCommand,
  serveCommand,
  modelsCommand,
  dashboardCommand,
];

/** Exit code of a usage error (as kcat, clickhouse-client and the BSD sysexits convention use). */
const USAGE_ERROR = 2;

/**
 * Runs one command line and resolves with the exit code. Every failure ends
 * as one line on stderr: `switchyard <command>: <what went wrong>`; usage
 * errors exit 2, failures of the work 1. Help asked for goes to stdout (exit
 * 0); help as the answer to a wrong command line goes to stderr (exit 2).
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-V") {
    io.stdout.write(`switchyard ${cliVersion()}\n`);
    return 0;
  }
  if (name === undefined) {
    io.stderr.write(renderMainHelp(COMMANDS));
    return USAGE_ERROR;
  }
  if (name === "--help" || name === "-h" || name === "help") return help(rest, io);
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`switchyard: unknown command ${JSON.stringify(name)}; ${listCommands()}\n`);
    return USAGE_ERROR;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...toParseArgsOptions(command), help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return (await import("./command-line/run-command.js")).reportCommandError(command, error, io);
  }
  if (parsed.values.help === true) {
    io.stdout.write(renderCommandHelp(command));
    return 0;
  }
  // Loaded only when a command runs, so that --help does not pay for loading the libraries.
  return (await import("./command-line/run-command.js")).runCommand(command, parsed, io);
}

function help(topics: readonly string[], io: CommandIo): number {
  if (topics.length === 0) {
    io.stdout.write(renderMainHelp(COMMANDS));
    return 0;
  }
  const topic = COMMANDS.find((command) => command.name === topics[0]);
  if (!topic || topics.length > 1) {
    io.stderr.write(`switchyard help: ${topic ? "expected one command" : `unknown command ${JSON.stringify(topics[0])}`}; ${listCommands()}\n`);
    return USAGE_ERROR;
  }
  io.stdout.write(renderCommandHelp(topic));
  return 0;
}

function listCommands(): string {
  return `commands: ${COMMANDS.map((candidate) => candidate.name).join(", ")} (see switchyard --help)`;
}

// dist/src/run-cli.js -> the package's package.json, present wherever the CLI is installed.
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version?: string };
  return manifest.version ?? "unknown";
}

function toParseArgsOptions(command: Command): NonNullable<ParseArgsConfig["options"]> {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const [name, option] of Object.entries(command.options)) {
    options[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  return options;
}
