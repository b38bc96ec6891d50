import { existsSync } from "node:fs";
import { createEmbeddedStore, createServerStore, serverStoreOptionsFromEnvironment, StorageError, type ClickHouseStore } from "@switchyard/clickhouse";
import { ConfigurationError, redactUrl, type Logger } from "@switchyard/platform";
import type { CliConfig } from "../cli-config";
import { EMBEDDED_DATABASE } from "../embedded/start-embedded-pipeline";

export interface StoreTarget {
  /** How the user named the target, for error lines. */
  label: string;
}

/** The store a report or query runs on: a demo's data folder, or the ClickHouse server. */
export function openStore(
  config: CliConfig,
  logger: Logger,
  dataDirectory: string | undefined,
  shownDirectory?: string,
  options: { readOnly?: boolean } = {},
): { store: ClickHouseStore; target: StoreTarget } {
  const readOnly = options.readOnly ?? false;
  if (dataDirectory !== undefined) {
    if (!existsSync(dataDirectory)) {
      throw new ConfigurationError("--data-dir", `${shownDirectory ?? dataDirectory} does not exist (give the folder a demo printed, or run switchyard demo)`);
    }
    return {
      store: createEmbeddedStore({ path: dataDirectory, database: EMBEDDED_DATABASE, logger, readOnly }),
      target: { label: `data folder ${shownDirectory ?? dataDirectory}` },
    };
  }
  const { CLICKHOUSE_URL, CLICKHOUSE_DATABASE } = config.clickhouse;
  return {
    store: createServerStore({
      ...serverStoreOptionsFromEnvironment(config.clickhouse),
      logger,
      requestTimeoutMs: config.clickhouseTimeoutMs,
      readOnly,
    }),
    // A password may be written into the URL: the label is printed, the password never.
    target: { label: `ClickHouse at ${redactUrl(CLICKHOUSE_URL)} (database ${CLICKHOUSE_DATABASE})` },
  };
}

/** Names the target in a store error, so that the line says where the query went. */
export function explainStoreError(error: unknown, target: StoreTarget): unknown {
  if (!(error instanceof StorageError)) return error;
  const prefix = error.code === "storage_unavailable" ? `cannot query ${target.label}` : `${target.label} refused the query`;
  return new StorageError(error.code, `${prefix}: ${error.message}`, {
    cause: error,
    retryable: false,
  });
}
