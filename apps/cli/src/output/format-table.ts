export interface TableColumn {
  header: string;
  /** Right-aligned (numbers) or left-aligned (text). */
  align?: "left" | "right";
}

import { sanitizeForTerminal } from "./sanitize-for-terminal";

/**
 * Rows of cells as an aligned text table with a header line; each line starts
 * with `indent`. Control characters in cells and headers are shown escaped.
 */
export function formatTable(columns: readonly TableColumn[], unsafeRows: readonly (readonly string[])[], indent = ""): string {
  const rows = unsafeRows.map((row) => row.map((cell) => sanitizeForTerminal(cell)));
  columns = columns.map((column) => ({ ...column, header: sanitizeForTerminal(column.header) }));
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? "").length)));
  const line = (cells: readonly string[]) =>
    indent +
    columns
      .map((column, index) => {
        const cell = cells[index] ?? "";
        const width = widths[index] ?? 0;
        return column.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join("\n") + "\n";
}

/** A cell for any value a query returns: numbers as they are, arrays joined, objects as JSON. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return value.map((item) => formatCell(item)).join(", ");
  return JSON.stringify(value);
}
