import { formatCsv } from "./format-csv";
import { formatCell, formatTable } from "./format-table";

import type { OutputFormat } from "./output-formats";

export { OUTPUT_FORMATS, type OutputFormat } from "./output-formats";

/**
 * Query rows in the chosen format. json is one document (`document` plus the
 * rows), so that a script can parse the whole output at once; jsonl (JSON
 * Lines) is one row per line, for streaming tools.
 */
export function formatRows(
  format: OutputFormat,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
  document: Record<string, unknown> = {},
): string {
  if (format === "json") return `${JSON.stringify({ ...document, columns, rows }, null, 2)}\n`;
  if (format === "jsonl") return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
  if (format === "csv") return formatCsv(columns, rows);
  if (rows.length === 0) return "(no rows)\n";
  const numeric = columns.map((column) => rows.every((row) => row[column] === null || typeof row[column] === "number"));
  return formatTable(
    columns.map((header, index) => ({ header, align: numeric[index] ? "right" : "left" })),
    rows.map((row) => columns.map((column) => formatCell(row[column]))),
  );
}

/** The columns of rows whose columns are not known in advance (ad-hoc SQL): in first-seen order. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
