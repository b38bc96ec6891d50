import type { Command } from "./command";

const HELP_OPTION = { description: "show this help", short: "h" };

/** The --help text of one command. */
export function renderCommandHelp(command: Command): string {
  const lines = [`usage: ${command.usage}`, "", command.summary];
  for (const paragraph of command.details) lines.push("", paragraph);
  const rows = Object.entries(command.options).map(([name, option]) => {
    const short = option.short ? `-${option.short}, ` : "    ";
    const value = option.type === "string" ? ` <${option.valueName ?? "value"}>` : "";
    const repeat = option.multiple ? " (repeatable)" : "";
    return [`${short}--${name}${value}`, `${option.description}${repeat}`] as const;
  });
  rows.push([`-${HELP_OPTION.short}, --help`, HELP_OPTION.description]);
  const width = Math.max(...rows.map(([left]) => left.length));
  lines.push("", "options:");
  for (const [left, right] of rows) lines.push(`  ${left.padEnd(width)}  ${right}`);
  if (command.examples.length > 0) {
    lines.push("", "examples:");
    for (const example of command.examples) lines.push(`  ${example}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The top-level help: every command with its summary. */
export function renderMainHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = [
    "usage: switchyard <command> [options]",
    "",
    "Switchyard routes LLM tasks to the cheapest Claude tier that does them well, shadows a",
    "sample on the cheaper tier, and writes every model call to ClickHouse.",
    "",
    "commands:",
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    "",
    "Run `switchyard <command> --help` for a command's options.",
    "Real mode reads KAFKA_BROKERS, CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD,",
    "CLICKHOUSE_DATABASE, SWITCHYARD_CONFIG, TOPIC_* and LOG_LEVEL (default warn) from the environment;",
    "-b/--brokers and --clickhouse-url, --clickhouse-user, --clickhouse-database override them.",
    "`switchyard --version` prints the version. Usage errors exit 2, failures 1.",
  ];
  return `${lines.join("\n")}\n`;
}
