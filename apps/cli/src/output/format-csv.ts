import { formatCell } from "./format-table";

/** RFC 4180 CSV: a header line, fields quoted when they hold a comma, quote or line break. */
export function formatCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(quoteField).join(",")];
  for (const row of rows) lines.push(columns.map((column) => quoteField(formatCell(row[column]))).join(","));
  return lines.join("\r\n") + "\r\n";
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
