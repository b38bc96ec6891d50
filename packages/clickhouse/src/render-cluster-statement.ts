import { ConfigurationError } from "@switchyard/platform";
import { quoteIdentifier } from "./quote-literal";

export interface ClusterTarget {
  /** The cluster name from remote_servers (CLICKHOUSE_CLUSTER). */
  cluster: string;
  database: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CREATE_TABLE = /^CREATE TABLE IF NOT EXISTS ([A-Za-z_][A-Za-z0-9_]*)\s/;
const CREATE_VIEW = /^CREATE MATERIALIZED VIEW IF NOT EXISTS ([A-Za-z_][A-Za-z0-9_]*) TO ([A-Za-z_][A-Za-z0-9_]*)\s/;
const ALTER_TABLE = /^ALTER TABLE ([A-Za-z_][A-Za-z0-9_]*)\s/;
const ENGINE = /\bENGINE = ((?:Replacing|Summing)?MergeTree)\b(?:\(([^)]*)\))?/;
const FROM_TABLE = /\bFROM ([A-Za-z_][A-Za-z0-9_]*)\b/g;

/**
 * Turns a single-node migration statement into its cluster form: every DDL
 * runs `ON CLUSTER` (each replica creates or alters its own copy), MergeTree
 * engines become their Replicated* twins keyed in ZooKeeper by database and
 * table, and every table name is qualified with the database (on 18.16 a
 * replica runs a distributed DDL in its `default` database, so a view's `TO`
 * and `FROM` would name the wrong tables otherwise). Only the statement shapes
 * the shipped migrations use are known: any other is refused, so a new
 * migration cannot reach a cluster unconverted.
 */
export function renderClusterStatement(statement: string, target: ClusterTarget): string {
  if (!IDENTIFIER.test(target.cluster) || !IDENTIFIER.test(target.database)) {
    throw new ConfigurationError("CLICKHOUSE_CLUSTER", "cluster and database names must be letters, digits and _ (they go into ZooKeeper paths)");
  }
  const onCluster = `ON CLUSTER ${quoteIdentifier(target.cluster)}`;
  const qualify = (table: string) => `${quoteIdentifier(target.database)}.${quoteIdentifier(table)}`;
  const text = statement.trim();
  const table = CREATE_TABLE.exec(text);
  if (table) {
    const name = table[1] ?? "";
    const engine = ENGINE.exec(text);
    if (!engine) throw unsupported(text, "a CREATE TABLE needs a MergeTree, ReplacingMergeTree or SummingMergeTree engine to be replicated");
    const path = `'/clickhouse/tables/{shard}/${target.database}/${name}'`;
    const engineArguments = [path, "'{replica}'", ...(engine[2]?.trim() ? [engine[2].trim()] : [])].join(", ");
    return text
      .replace(CREATE_TABLE, `CREATE TABLE IF NOT EXISTS ${qualify(name)} ${onCluster} `)
      .replace(ENGINE, `ENGINE = Replicated${engine[1] ?? ""}(${engineArguments})`);
  }
  const view = CREATE_VIEW.exec(text);
  if (view) {
    return text
      .replace(CREATE_VIEW, `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualify(view[1] ?? "")} ${onCluster} TO ${qualify(view[2] ?? "")} `)
      .replace(FROM_TABLE, (_match, source: string) => `FROM ${qualify(source)}`);
  }
  const alter = ALTER_TABLE.exec(text);
  if (alter) return text.replace(ALTER_TABLE, `ALTER TABLE ${qualify(alter[1] ?? "")} ${onCluster} `);
  throw unsupported(text, "only CREATE TABLE IF NOT EXISTS, CREATE MATERIALIZED VIEW IF NOT EXISTS … TO and ALTER TABLE can run on a cluster");
}

function unsupported(statement: string, reason: string): ConfigurationError {
  return new ConfigurationError("CLICKHOUSE_CLUSTER", `cannot run this migration statement on a cluster (${reason}): ${statement.slice(0, 80)}`);
}
