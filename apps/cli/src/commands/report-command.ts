import { listReports, renderReportSql, runReport } from "@switchyard/clickhouse";
import { ConfigurationError } from "@switchyard/platform";
import { loadRoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { Command } from "../command-line/command";
import { CLICKHOUSE_CONNECTION_OPTIONS } from "../command-line/connection-options";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readChoice, readFlag, readKeyValues, readString, readTime } from "../command-line/read-options";
import { displayPath, resolveUserPath } from "../command-line/resolve-paths";
import { explainStoreError, openStore } from "../connections/open-store";
import { formatRows, OUTPUT_FORMATS } from "../output/format-rows";
import { configuredReportParameters } from "../reports/build-report-parameters";

export const reportCommand: Command = {
  name: "report",
  summary: "run one of the shipped SQL reports (cost-by-day, tier-mix, cost-anomalies, cost-per-call-drift, savings, top-spenders, shadow)",
  usage: "switchyard report <name> [--from ISO] [--to ISO] [--param name=value] [--format table|json|jsonl|csv] [--data-dir DIR]",
  details: [
    "Runs against the ClickHouse server of the environment (CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, " +
      "CLICKHOUSE_DATABASE), or against a demo's chDB data folder with --data-dir. Without a name, lists the reports " +
      "with their parameters.",
    "The savings report takes its prices from the pricing catalog and its baseline models from the routing config " +
      "(SWITCHYARD_CONFIG), as the router does.",
  ],
  options: {
    from: { type: "string", valueName: "ISO", description: "start of the period (default: the report's own, e.g. 30 days for savings)" },
    to: { type: "string", valueName: "ISO", description: "end of the period, exclusive (default now)" },
    param: { type: "string", short: "p", multiple: true, valueName: "name=value", description: "a report parameter, e.g. k=2 or minSamples=50" },
    format: { type: "string", short: "f", valueName: "table|json|jsonl|csv", description: "output format (default table)" },
    "data-dir": { type: "string", valueName: "DIR", description: "query a demo's chDB data folder instead of the server" },
    ...CLICKHOUSE_CONNECTION_OPTIONS,
    sql: { type: "boolean", description: "print the SQL the report would run, and do not run it" },
  },
  positionals: { minimum: 0, maximum: 1, names: "a report name" },
  examples: [
    "switchyard report",
    "switchyard report savings --data-dir .data/demo-20261128-010203",
    "switchyard report cost-anomalies --from 2026-11-01T00:00:00Z --param k=2 --format csv",
    "switchyard report shadow --param minSamples=50 --format json",
  ],
  async run({ values, positionals, io }) {
    const name = positionals[0];
    if (name === undefined) {
      io.stdout.write(renderReportList());
      return 0;
    }
    if (!listReports().some((report) => report.name === name)) {
      throw new ConfigurationError(JSON.stringify(name), `not a report (known: ${listReports().map((report) => report.name).join(", ")})`);
    }
    const config = loadCliConfig(io.environment);
    const format = readChoice(values, "format", OUTPUT_FORMATS, "table");
    const routing = loadRoutingConfig(config.routingConfigPath);
    const from = readTime(values, "from");
    const to = readTime(values, "to");
    const parameters: Record<string, unknown> = {
      ...configuredReportParameters(name, routing),
      ...readKeyValues(values, "param"),
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    };
    if (readFlag(values, "sql")) {
      io.stdout.write(`${renderReportSql(name, parameters).sql}\n`);
      return 0;
    }
    // Validates the name and parameters before connecting anywhere.
    renderReportSql(name, parameters);
    const logger = createCliLogger(config, io);
    const dataDirectoryOption = readString(values, "data-dir");
    const dataDirectory = dataDirectoryOption === undefined ? undefined : resolveUserPath(io.workingDirectory, dataDirectoryOption);
    const { store, target } = openStore(config, logger, dataDirectory, dataDirectory && displayPath(io.workingDirectory, dataDirectory));
    try {
      const result = await runReport(store, name, parameters).catch((error: unknown) => {
        throw explainStoreError(error, target);
      });
      const shownParameters = Object.fromEntries(Object.entries(result.parameters).filter(([key]) => key !== "prices"));
      io.stdout.write(formatRows(format, result.columns, result.rows, { report: result.name, parameters: shownParameters }));
      return 0;
    } finally {
      await store.close();
    }
  },
};

function renderReportList(): string {
  const lines = ["reports (options: switchyard report --help):", ""];
  for (const report of listReports()) {
    lines.push(`${report.name}`, `  ${report.description}`);
    const parameters = report.parameters.filter((parameter) => !["from", "to", "prices", "baselineModels"].includes(parameter.name));
    for (const parameter of parameters) {
      const fallback = parameter.defaultValue === undefined ? "" : ` (default ${JSON.stringify(parameter.defaultValue)})`;
      lines.push(`  --param ${parameter.name}=…  ${parameter.description}${fallback}`);
    }
    lines.push(`  SQL: ${report.sqlFile}`, "");
  }
  return `${lines.join("\n")}`;
}
