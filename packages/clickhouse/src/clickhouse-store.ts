/**
 * One client interface over the two engines Switchyard runs on: a ClickHouse
 * server over HTTP (@clickhouse/client; 18.16 and later) and chDB, the engine
 * embedded in the process (26.x).
 *
 * Every method throws a StorageError: `storage_unavailable`
 * (retryable: the server is down, overloaded, or not set up yet) or
 * `storage_rejected` (not retryable: this statement or its data is wrong), with
 * the engine's error as `cause`; after `close()`, a SwitchyardError
 * `shutting_down`.
 *
 * Numbers: both engines are told not to quote 64-bit integers in JSON, so
 * UInt64/Int64 columns come back as JavaScript numbers (exact up to 2^53, far
 * beyond any count or token sum we store). Money is Float64. DateTime values
 * come back as `YYYY-MM-DD hh:mm:ss` strings in the column's time zone (UTC for
 * every column we create).
 */
export type StoreEngine = "server" | "embedded";

export interface InsertOptions {
  /**
   * A deterministic token for this batch of rows: an insert repeated with the
   * same token is dropped by servers that support it (22.3 and later, with
   * `non_replicated_deduplication_window` set on the table), including the rows
   * its materialized views would add. Ignored where unsupported.
   */
  deduplicationToken?: string;
}

export interface StoreCapabilities {
  /** `insert_deduplication_token` and `non_replicated_deduplication_window` exist (22.3+). */
  insertDeduplicationToken: boolean;
}

export interface ClickHouseStore {
  readonly engine: StoreEngine;
  /** The database every unqualified table name refers to. */
  readonly database: string;
  /**
   * The cluster (one shard, replicated through ZooKeeper) the server belongs to, when configured:
   * migrations then run ON CLUSTER with Replicated* engines. Always undefined for the embedded engine.
   */
  readonly cluster?: string;
  /** Runs a statement that returns no rows (DDL, INSERT … SELECT). One statement per call. */
  command(sql: string): Promise<void>;
  /** Runs a SELECT and returns its rows (JSONEachRow). Do not add a FORMAT clause. */
  query<Row = Record<string, unknown>>(sql: string): Promise<Row[]>;
  /** Inserts rows (objects keyed by column name) into `table` in one insert. */
  insert(table: string, rows: readonly object[], options?: InsertOptions): Promise<void>;
  /** Creates the store's database when it does not exist. */
  ensureDatabase(): Promise<void>;
  /** The engine's version string, e.g. "18.16.1" or "26.7.2.1". */
  version(): Promise<string>;
  capabilities(): Promise<StoreCapabilities>;
  close(): Promise<void>;
}
