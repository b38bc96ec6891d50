export interface TableColumn {
  header: string;
  /** Right-aligned (numbers) or left-aligned (text). */
  align?: "left" | "right";
}

/** Rows of cells as an aligned text table with a header line; each line starts with `indent`. */
export function formatTable(columns: readonly TableColumn[], rows: readonly (readonly string[])[], indent = ""): string {
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
