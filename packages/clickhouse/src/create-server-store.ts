import { createClient, ClickHouseLogLevel, type ClickHouseClient, type Logger as ClientLogger } from "@clickhouse/client";
import { ShuttingDownError, type Logger } from "@switchyard/platform";
import type { ClickHouseStore, InsertOptions, StoreCapabilities } from "./clickhouse-store";
import { classifyStorageError } from "./classify-storage-error";
import { assertTableName } from "./assert-table-name";
import { quoteIdentifier } from "./quote-literal";
import { detectCapabilities } from "./server-version";
import { MAX_QUERY_BYTES } from "./max-query-bytes";

export interface ServerStoreOptions {
  url: string;
  username?: string;
  password?: string;
  database: string;
  logger: Logger;
  /** Milliseconds before a request is abandoned (then storage_unavailable). Default 30,000. */
  requestTimeoutMs?: number;
  /**
   * gzip what is sent (inserts, mostly): "none" (default, as in @clickhouse/client) or "gzip".
   * On a near server the gzip of every insert costs more CPU, on both sides, than the bytes it
   * saves; across a slow or billed link it pays. Answers are always gzipped (small, cheap to inflate).
   */
  requestCompression?: "none" | "gzip";
  /**
   * Refuse statements that change data or tables (ClickHouse's readonly = 2:
   * settings may still be sent). Default false.
   */
  readOnly?: boolean;
  /**
   * The cluster of remote_servers this server is a replica in (CLICKHOUSE_CLUSTER): one shard,
   * replicated through ZooKeeper. Migrations then run ON CLUSTER with Replicated* engines, and the
   * batch writer syncs the replica before its stored-id check. Default: a single node.
   */
  cluster?: string;
}

/**
 * Settings sent with every request. Only settings that 18.16 knows may appear
 * here: an unknown setting fails the whole request on old servers.
 */
const BASE_SETTINGS = { output_format_json_quote_64bit_integers: 0, max_query_size: String(MAX_QUERY_BYTES) } as const;

/**
 * HTTP keep-alive towards the server. ClickHouse closes a connection idle for
 * keep_alive_timeout (3 s by default up to 23.x, as on 18.16); the client's
 * default is to drop its idle sockets after 2.5 s by a timer. On a busy machine
 * that timer, and the reading of the answer that starts the idle time, run late:
 * the client then sends a query on a socket the server is closing and gets
 * "socket hang up" (ECONNRESET), seen in the test suite under load. So idle
 * sockets are dropped after 1 s (a 2 s margin for a late event loop), and the
 * idle time is also checked when a socket is taken, not only by the timer.
 */
export const SERVER_KEEP_ALIVE = { enabled: true, idle_socket_ttl: 1_000, eagerly_destroy_stale_sockets: true } as const;

/**
 * A store over a ClickHouse server's HTTP interface. No session ids (each
 * request stands alone, so any connection of the pool can serve it); no
 * server-side query parameters (18.16 has none: values go through quoteLiteral).
 */
export function createServerStore(options: ServerStoreOptions): ClickHouseStore {
  const logger = options.logger.child({ component: "clickhouse", engine: "server" });
  const makeClient = (database: string | undefined): ClickHouseClient =>
    createClient({
      url: options.url,
      username: options.username ?? "default",
      password: options.password ?? "",
      ...(database === undefined ? {} : { database }),
      request_timeout: options.requestTimeoutMs ?? 30_000,
      compression: { request: options.requestCompression === "gzip", response: true },
      keep_alive: SERVER_KEEP_ALIVE,
      clickhouse_settings: options.readOnly ? { ...BASE_SETTINGS, readonly: "2" } : BASE_SETTINGS,
      log: { LoggerClass: bindClientLogger(logger), level: ClickHouseLogLevel.WARN },
    });
  const client = makeClient(options.database);
  // Names no database, so it works before the store's database exists (version, CREATE DATABASE).
  let serverClient: ClickHouseClient | undefined;
  const getServerClient = () => (serverClient ??= makeClient(undefined));
  let versionPromise: Promise<string> | undefined;
  let closed = false;

  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    if (closed) throw new ShuttingDownError("the ClickHouse store is closed");
    try {
      return await run();
    } catch (error) {
      throw classifyStorageError(error, operation);
    }
  };

  const version = (): Promise<string> => {
    versionPromise ??= guard("version", async () => {
      const result = await getServerClient().query({ query: "SELECT version() AS version", format: "JSONEachRow" });
      const rows = await result.json<{ version: string }>();
      return rows[0]?.version ?? "0.0";
    }).catch((error: unknown) => {
      versionPromise = undefined;
      throw error;
    });
    return versionPromise;
  };

  const capabilities = async (): Promise<StoreCapabilities> => detectCapabilities(await version());

  return {
    engine: "server",
    database: options.database,
    ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
    command: (sql) =>
      guard("command", async () => {
        await client.command({ query: sql });
      }),
    query: <Row>(sql: string) =>
      guard("query", async () => {
        const result = await client.query({ query: sql, format: "JSONEachRow" });
        return result.json<Row>();
      }),
    insert: (table: string, rows: readonly object[], insertOptions: InsertOptions = {}) =>
      guard("insert", async () => {
        assertTableName(table);
        if (rows.length === 0) return;
        const settings =
          (await capabilities()).insertDeduplicationToken && insertOptions.deduplicationToken
            ? { insert_deduplication_token: insertOptions.deduplicationToken, deduplicate_blocks_in_dependent_materialized_views: 1 as const }
            : {};
        await client.insert({ table, values: rows as object[], format: "JSONEachRow", clickhouse_settings: settings });
      }),
    ensureDatabase: () =>
      guard("create database", async () => {
        // The main client names the database in every request, which fails while it does not exist.
        const onCluster = options.cluster === undefined ? "" : ` ON CLUSTER ${quoteIdentifier(options.cluster)}`;
        await getServerClient().command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(options.database)}${onCluster}` });
      }),
    version,
    capabilities,
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([client.close(), serverClient?.close()]);
    },
  };
}

/** Routes @clickhouse/client's own log lines into our pino logger (the client instantiates the class itself). */
function bindClientLogger(logger: Logger): new () => ClientLogger {
  return class PinoClientLogger implements ClientLogger {
    trace(params: { module: string; message: string; args?: Record<string, unknown> }): void {
      logger.trace({ module: params.module, args: params.args }, params.message);
    }
    debug(params: { module: string; message: string; args?: Record<string, unknown> }): void {
      logger.debug({ module: params.module, args: params.args }, params.message);
    }
    info(params: { module: string; message: string; args?: Record<string, unknown> }): void {
      logger.info({ module: params.module, args: params.args }, params.message);
    }
    warn(params: { module: string; message: string; args?: Record<string, unknown>; err?: Error }): void {
      logger.warn({ module: params.module, args: params.args, err: params.err }, params.message);
    }
    // Failed requests are rethrown to our callers, who log them with their classification.
    error(params: { module: string; message: string; args?: Record<string, unknown>; err: Error }): void {
      logger.debug({ module: params.module, args: params.args, err: params.err }, params.message);
    }
  };
}
