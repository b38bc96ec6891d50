import { listReports, renderReportSql, runReport } from "@switchyard/clickhouse";
import { ConfigurationError } from "@switchyard/platform";
import { loadRoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readFlag, readKeyValues, readTime } from "../command-line/read-options";
import { readOutputFormat } from "../command-line/read-output-format";
import { withCliStore } from "../connections/with-cli-store";
import { formatRows } from "../output/format-rows";
import { configuredReportParameters } from "../reports/build-report-parameters";

export async function runReportCommand({ values, positionals, io }: CommandInvocation): Promise<number> {
  const name = positionals[0];
  if (name === undefined) {
    io.stdout.write(renderReportList());
    return 0;
  }
  if (!listReports().some((report) => report.name === name)) {
    throw new ConfigurationError(
      JSON.stringify(name),
      `not a report (known: ${listReports()
        .map((report) => report.name)
        .join(", ")})`,
    );
  }
  const config = loadCliConfig(io.environment);
  const format = readOutputFormat(values);
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
  const result = await withCliStore({ values, io }, config, createCliLogger(config, io), (store) => runReport(store, name, parameters));
  const shownParameters = Object.fromEntries(Object.entries(result.parameters).filter(([key]) => key !== "prices"));
  io.stdout.write(formatRows(format, result.columns, result.rows, { report: result.name, parameters: shownParameters }));
  return 0;
}

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
