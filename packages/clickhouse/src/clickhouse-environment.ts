import { emptyToUndefined, httpUrl } from "@switchyard/platform";
import { z } from "zod";
import type { ServerStoreOptions } from "./create-server-store";

/** CLICKHOUSE_* variables: where the server is and who connects. */
export const ClickHouseEnvironmentSchema = z.object({
  CLICKHOUSE_URL: z.preprocess(emptyToUndefined, httpUrl("expected a URL such as http://127.0.0.1:8123").default("http://127.0.0.1:8123")),
  CLICKHOUSE_USER: z.preprocess(emptyToUndefined, z.string().default("default")),
  CLICKHOUSE_PASSWORD: z.preprocess(emptyToUndefined, z.string().default("")),
  CLICKHOUSE_DATABASE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "expected a database name of letters, digits and _" })
      .default("switchyard"),
  ),
  /** A cluster of remote_servers (one shard, replicas through ZooKeeper): migrations run ON CLUSTER with replicated engines. Unset: a single node. */
  CLICKHOUSE_CLUSTER: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "expected a cluster name of letters, digits and _" })
      .optional(),
  ),
  /**
   * gzip the bodies sent to the server (inserts, mostly): worth its CPU only where the network is
   * slow or billed. Off by default, as in @clickhouse/client; answers are always gzipped.
   */
  CLICKHOUSE_REQUEST_COMPRESSION: z.preprocess(emptyToUndefined, z.enum(["none", "gzip"]).default("none")),
});
export type ClickHouseEnvironment = z.infer<typeof ClickHouseEnvironmentSchema>;

/** The server store's connection options from the environment (the caller adds its logger and its own settings). */
export function serverStoreOptionsFromEnvironment(environment: ClickHouseEnvironment) {
  return {
    url: environment.CLICKHOUSE_URL,
    username: environment.CLICKHOUSE_USER,
    password: environment.CLICKHOUSE_PASSWORD,
    database: environment.CLICKHOUSE_DATABASE,
    cluster: environment.CLICKHOUSE_CLUSTER,
    requestCompression: environment.CLICKHOUSE_REQUEST_COMPRESSION,
  } satisfies Omit<ServerStoreOptions, "logger">;
}
