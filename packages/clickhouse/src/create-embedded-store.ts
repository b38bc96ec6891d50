import type * as Chdb from "chdb";
import { ConfigurationError, ShuttingDownError, type Logger } from "@switchyard/platform";
import type { ClickHouseStore, InsertOptions, StoreCapabilities } from "./clickhouse-store";
import { classifyStorageError } from "./classify-storage-error";
import { assertTableName } from "./assert-table-name";
import { quoteIdentifier } from "./quote-literal";
import { detectCapabilities } from "./server-version";
import { MAX_QUERY_BYTES } from "./max-query-bytes";

export interface EmbeddedStoreOptions {
  /** The data directory. chDB binds one directory per process: every embedded store of a process must use the same path. */
  path: string;
  database: string;
  logger: Logger;
  /** Refuse statements that change data or tables (readonly = 2 for the session, as on the server). Default false. */
  readOnly?: boolean;
}

/**
 * Engine arguments fixed at connect: 64-bit integers as JSON numbers (as the
 * server store asks for), and synchronous inserts (chDB defaults to
 * async_insert=1, under which an insert's return would not mean "stored in
 * the table" and deduplication tokens follow other rules), and the server
 * store's max_query_size.
 */
const CONNECTION_ARGUMENTS = ["--output_format_json_quote_64bit_integers=0", "--async_insert=0", `--max_query_size=${MAX_QUERY_BYTES}`];

/**
 * A store on chDB, the ClickHouse engine inside this process (no server). The
 * database is created on first use and made the session's current database, so
 * unqualified table names mean the same as on the server store.
 */
export function createEmbeddedStore(options: EmbeddedStoreOptions): ClickHouseStore {
  const logger = options.logger.child({ component: "clickhouse", engine: "embedded" });
  const { Session, drainPending } = loadChdb();
  let session: Chdb.Session;
  try {
    session = new Session(options.path, { connectionArgs: CONNECTION_ARGUMENTS });
  } catch (error) {
    throw new ConfigurationError("clickhouse path", `cannot open chDB at ${options.path}: ${(error as Error).message}`, { cause: error });
  }
  logger.debug({ path: options.path }, "chDB session opened");
  let closed = false;
  let ready: Promise<void> | undefined;

  const useDatabase = (): Promise<void> => {
    ready ??= (async () => {
      const database = quoteIdentifier(options.database);
      await session.queryAsync(`CREATE DATABASE IF NOT EXISTS ${database}`);
      await session.queryAsync(`USE ${database}`);
      if (options.readOnly) await session.queryAsync("SET readonly = 2");
    })().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };

  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    if (closed) throw new ShuttingDownError("the ClickHouse store is closed");
    try {
      await useDatabase();
      return await run();
    } catch (error) {
      throw classifyStorageError(error, operation);
    }
  };

  const version = (): Promise<string> =>
    guard("version", async () => {
      const rows = (await session.queryAsync("SELECT version() AS version", { format: "JSONEachRow" })).text();
      return (JSON.parse(rows.split("\n")[0] ?? "{}") as { version?: string }).version ?? "0.0";
    });

  const capabilities = async (): Promise<StoreCapabilities> => detectCapabilities(await version());

  return {
    engine: "embedded",
    database: options.database,
    command: (sql) =>
      guard("command", async () => {
        await session.queryAsync(sql);
      }),
    query: <Row>(sql: string) =>
      guard("query", async () => {
        const text = (await session.queryAsync(sql, { format: "JSONEachRow" })).text();
        return parseJsonEachRow<Row>(text);
      }),
    insert: (table: string, rows: readonly object[], insertOptions: InsertOptions = {}) =>
      guard("insert", async () => {
        assertTableName(table);
        if (rows.length === 0) return;
        const settings: Record<string, string | number> = {};
        if (insertOptions.deduplicationToken && (await capabilities()).insertDeduplicationToken) {
          settings.insert_deduplication_token = insertOptions.deduplicationToken;
          settings.deduplicate_blocks_in_dependent_materialized_views = 1;
        }
        const values = rows.map((row) => JSON.stringify(row)).join("\n") + "\n";
        await session.insert({ table, values, format: "JSONEachRow", settings });
      }),
    ensureDatabase: () => guard("create database", async () => undefined),
    version,
    capabilities,
    close: async () => {
      if (closed) return;
      closed = true;
      session.close();
      // close() returns before the native connection is gone when work is still running.
      await drainPending();
    },
  };
}

function parseJsonEachRow<Row>(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split("\n")) {
    if (line.trim().length > 0) rows.push(JSON.parse(line) as Row);
  }
  return rows;
}

/**
 * chDB is an optional dependency (of the command line, for the demo and
 * --data-dir): the services and their image run without it, so it is loaded
 * only when an embedded store is made.
 */
function loadChdb(): typeof Chdb {
  try {
    // A static import would load the engine (a large native module) in every process that uses this package.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("chdb") as typeof Chdb;
  } catch (error) {
    throw new ConfigurationError("chdb", "the embedded engine (the optional package chdb) is not installed: run npm install chdb, or use a ClickHouse server", {
      cause: error,
    });
  }
}
