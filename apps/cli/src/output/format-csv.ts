import { formatCell } from "./format-table";

/**
 * RFC 4180 CSV: a header line, fields quoted when they hold a comma, quote or
 * line break. A text field that a spreadsheet would run as a formula (it
 * starts with =, +, -, @, tab or carriage return) gets a leading ' (the OWASP
 * rule); numbers are written as they are.
 */
export function formatCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map((column) => quoteField(neutraliseFormula(column))).join(",")];
  for (const row of rows) lines.push(columns.map((column) => quoteField(neutraliseFormula(row[column]))).join(","));
  return lines.join("\r\n") + "\r\n";
}

const FORMULA_START = /^[=+\-@\t\r]/;

function neutraliseFormula(value: unknown): string {
  const cell = formatCell(value);
  return typeof value !== "number" && typeof value !== "bigint" && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}
