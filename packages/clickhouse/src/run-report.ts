import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { ConfigurationError, quoteValue } from "@switchyard/platform";
import type { ClickHouseStore } from "./clickhouse-store";
import { REPORT_DEFINITIONS, type ReportColumn, type ReportDefinition, type ReportRow } from "./report-definitions";
import { renderSqlTemplate } from "./render-sql-template";
import { StrictDateSchema } from "./strict-parameter-schemas";

/** The shipped report queries, in packages/clickhouse/queries. */
export const QUERIES_DIRECTORY = join(__dirname, "..", "..", "queries");

export interface ReportParameterDescription {
  name: string;
  description: string;
  /** undefined: required. */
  defaultValue: unknown;
}

export interface ReportDescription {
  name: string;
  description: string;
  parameters: ReportParameterDescription[];
  columns: ReportColumn[];
  /** Absolute path of the SQL file, for users who want to read or reuse it. */
  sqlFile: string;
}

export interface ReportResult {
  name: string;
  /** The validated parameters the report ran with (from and to resolved). */
  parameters: Record<string, unknown>;
  columns: string[];
  /** One object per row, keyed by column name. */
  rows: ReportRow[];
}

export interface RunReportOptions {
  /** The end of the period when `to` is not given. Default: now. */
  now?: Date;
}

const PERIOD_PARAMETERS: ReportParameterDescription[] = [
  { name: "from", description: "start of the period (ISO-8601; hour reports round it down to its hour)", defaultValue: undefined },
  { name: "to", description: "end of the period, exclusive (ISO-8601; default now)", defaultValue: undefined },
];

/** Every report: name, description, parameters (with defaults) and result columns. */
export function listReports(): ReportDescription[] {
  return REPORT_DEFINITIONS.map((definition) => ({
    name: definition.name,
    description: definition.description,
    parameters: [
      ...PERIOD_PARAMETERS.map((parameter) =>
        parameter.name === "from"
          ? { ...parameter, description: `${parameter.description}; default ${definition.defaultPeriodHours} hours before to` }
          : parameter,
      ),
      ...definition.parameters.map((parameter) => ({ name: parameter.name, description: parameter.description, defaultValue: parameter.defaultValue })),
    ],
    columns: definition.columns,
    sqlFile: join(QUERIES_DIRECTORY, definition.file),
  }));
}

/**
 * Validates the parameters (command-line strings are coerced), renders the
 * report's SQL file and returns the SQL to run: for users who want to see or
 * adapt what a report does.
 */
export function renderReportSql(
  name: string,
  parameters: Readonly<Record<string, unknown>>,
  options: RunReportOptions = {},
): { sql: string; parameters: Record<string, unknown> } {
  const definition = findDefinition(name);
  const validated = validateParameters(definition, parameters, options.now ?? new Date());
  const values = definition.toSqlValues ? definition.toSqlValues(validated) : validated;
  const sql = renderSqlTemplate(readQuery(definition.file), values);
  return { sql, parameters: validated };
}

/**
 * Runs a shipped report. Throws ConfigurationError (naming the parameter) for a
 * bad parameter or an unknown report, and the store's errors otherwise.
 */
export async function runReport(
  store: ClickHouseStore,
  name: string,
  parameters: Readonly<Record<string, unknown>> = {},
  options: RunReportOptions = {},
): Promise<ReportResult> {
  const definition = findDefinition(name);
  const { sql, parameters: validated } = renderReportSql(name, parameters, options);
  const rows = await store.query<ReportRow>(sql);
  const finished = definition.finish ? definition.finish(rows, validated) : rows;
  return { name, parameters: validated, columns: definition.columns.map((column) => column.name), rows: finished };
}

function findDefinition(name: string): ReportDefinition {
  const definition = REPORT_DEFINITIONS.find((candidate) => candidate.name === name);
  if (!definition) {
    throw new ConfigurationError("report", `unknown report ${JSON.stringify(name)}; known: ${REPORT_DEFINITIONS.map((report) => report.name).join(", ")}`);
  }
  return definition;
}

const DateSchema = StrictDateSchema;

function validateParameters(definition: ReportDefinition, input: Readonly<Record<string, unknown>>, now: Date): Record<string, unknown> {
  const known = new Set(["from", "to", ...definition.parameters.map((parameter) => parameter.name)]);
  for (const name of Object.keys(input)) {
    if (!known.has(name) && input[name] !== undefined) {
      throw new ConfigurationError(name, `not a parameter of the ${definition.name} report (it takes ${[...known].join(", ")})`);
    }
  }
  const to = input.to === undefined ? now : parse("to", DateSchema, input.to);
  const from = input.from === undefined ? new Date(to.getTime() - definition.defaultPeriodHours * 3_600_000) : parse("from", DateSchema, input.from);
  if (from.getTime() >= to.getTime()) throw new ConfigurationError("from", "must be before to");
  const validated: Record<string, unknown> = { from, to };
  for (const parameter of definition.parameters) {
    const value = input[parameter.name] ?? parameter.defaultValue;
    if (value === undefined) throw new ConfigurationError(parameter.name, `required by the ${definition.name} report: ${parameter.description}`);
    validated[parameter.name] = parse(parameter.name, parameter.schema, value);
  }
  return validated;
}

function parse<Output>(name: string, schema: z.ZodType<Output>, value: unknown): Output {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue && issue.path.length > 0 ? `${name}.${issue.path.join(".")}` : name;
  // One line that quotes the bad value (bounded): the user sees what was read.
  const shown = typeof value === "string" || typeof value === "number" ? `, got ${quoteValue(value, 80)}` : "";
  throw new ConfigurationError(path, `${issue?.message ?? "invalid value"}${shown}`);
}

const queryCache = new Map<string, string>();

function readQuery(file: string): string {
  let text = queryCache.get(file);
  if (text === undefined) {
    // Whole-line comments document the file for readers; the engine does not need them.
    text = readFileSync(join(QUERIES_DIRECTORY, file), "utf8")
      .split("\n")
      .filter((line) => !/^\s*--/.test(line))
      .join("\n")
      .trim();
    queryCache.set(file, text);
  }
  return text;
}
