import { StorageError } from "../../src/index";
import { quoteLiteral, type ClickHouseStore, type InsertOptions } from "../../src";

/**
 * An in-memory store for batch-writer tests: records every insert, answers the
 * writer's "which of these ids are stored" lookup, and fails on command:
 * `unavailableFor(n)` makes the next n inserts fail as unavailable, `rejectRow`
 * makes any insert containing a matching row fail as rejected, and `gate`
 * holds inserts until released.
 */
export class FakeStore implements ClickHouseStore {
  readonly engine = "embedded" as const;
  readonly database = "fake";
  readonly inserts: Array<{ table: string; rows: Record<string, unknown>[]; options: InsertOptions }> = [];
  readonly stored = new Map<string, Record<string, unknown>>();
  attempts = 0;
  /** Whether the store takes insert_deduplication_token (ClickHouse 22.3 and later). */
  supportsDeduplicationToken = true;
  private unavailable = 0;
  private rejectRow: (row: Record<string, unknown>) => boolean = () => false;
  private gate: Promise<void> | undefined;
  private releaseGate: (() => void) | undefined;

  unavailableFor(attempts: number): void {
    this.unavailable = attempts;
  }

  rejectRowsWhere(predicate: (row: Record<string, unknown>) => boolean): void {
    this.rejectRow = predicate;
  }

  hold(): void {
    this.gate = new Promise((resolve) => (this.releaseGate = resolve));
  }

  release(): void {
    this.releaseGate?.();
    this.gate = undefined;
  }

  async command(): Promise<void> {}

  async query<Row>(sql: string): Promise<Row[]> {
    return [...this.stored.keys()].filter((id) => sql.includes(quoteLiteral(id))).map((id) => ({ id }) as Row);
  }

  async insert(table: string, rows: readonly object[], options: InsertOptions = {}): Promise<void> {
    this.attempts += 1;
    if (this.gate) await this.gate;
    if (this.unavailable > 0) {
      this.unavailable -= 1;
      throw new StorageError("storage_unavailable", "connect ECONNREFUSED");
    }
    const records = rows as Record<string, unknown>[];
    if (records.some(this.rejectRow)) throw new StorageError("storage_rejected", "Code: 41: cannot parse");
    this.inserts.push({ table, rows: records, options });
    for (const row of records) this.stored.set(String(row.event_id), row);
  }

  async ensureDatabase(): Promise<void> {}
  async version(): Promise<string> {
    return "26.7";
  }
  async capabilities() {
    return { insertDeduplicationToken: this.supportsDeduplicationToken };
  }
  async close(): Promise<void> {}
}
