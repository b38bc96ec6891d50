import type { ClickHouseStore } from "./clickhouse-store";
import { readClickHouseErrorCode } from "./classify-storage-error";

const ADD_COLUMN = /^\s*ALTER\s+TABLE\s+\S+\s+(?:ON\s+CLUSTER\s+\S+\s+)?ADD\s+COLUMN\s/i;
/** "Cannot add column …: column with this name already exists": 44 on 18.16, 15 (DUPLICATE_COLUMN) on 26.x. */
const COLUMN_EXISTS = new Set([15, 44]);

/**
 * Runs one migration statement. 18.16 has no ADD COLUMN IF NOT EXISTS, so an
 * ADD COLUMN that finds its column already there (another process applied it
 * first) counts as done: every statement stays idempotent.
 */
export async function runMigrationStatement(store: ClickHouseStore, statement: string): Promise<void> {
  try {
    await store.command(statement);
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    if (ADD_COLUMN.test(statement) && COLUMN_EXISTS.has(readClickHouseErrorCode(cause) ?? 0)) return;
    throw error;
  }
}
