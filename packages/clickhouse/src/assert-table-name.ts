import { quoteIdentifier } from "./quote-literal";

/** A table name, optionally `database.table`, of plain identifier characters. */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * Insert APIs of both clients put the table name into the statement as it is,
 * so only plain names are accepted (a TypeError is a programming error, not a
 * storage condition).
 */
export function assertTableName(table: string): void {
  if (!TABLE_NAME.test(table)) throw new TypeError(`not a plain table name: ${JSON.stringify(table)}`);
}

/** `db.table` → `` `db`.`table` ``. */
export function quoteTableName(table: string): string {
  assertTableName(table);
  return table.split(".").map(quoteIdentifier).join(".");
}
