import { readClickHouseErrorCode } from "@switchyard/clickhouse";
import { ConfigurationError } from "@switchyard/platform";
import { loadCliConfig } from "../cli-config";
import type { Command } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { CLICKHOUSE_CONNECTION_OPTIONS } from "../command-line/connection-options";
import { readChoice, readFlag, readString } from "../command-line/read-options";
import { readAll } from "../command-line/read-stdin";
import { displayPath, resolveUserPath } from "../command-line/resolve-paths";
import { explainStoreError, openStore } from "../connections/open-store";
import { columnsOf, formatRows, OUTPUT_FORMATS } from "../output/format-rows";

export const sqlCommand: Command = {
  name: "sql",
  summary: "run your own SQL on the usage and shadow tables (llm_usage, llm_shadow, the hourly rollups)",
  usage: 'switchyard sql "<query>" [--write] [--format table|json|jsonl|csv] [--data-dir DIR] [--clickhouse-url URL]',
  details: [
    "Runs on the ClickHouse server of the environment, or on a demo's chDB data folder with --data-dir. " +
      "Read llm_usage and llm_shadow with FINAL (or count distinct ids) to count every call once. " +
      'Give "-" as the query to read it from standard input.',
    "Read-only unless --write is given (ClickHouse's readonly setting, on the server and in chDB alike): " +
      "a query cannot change or drop data by accident.",
  ],
  options: {
    format: { type: "string", short: "f", valueName: "table|json|jsonl|csv", description: "output format (default table); jsonl: one row per line" },
    write: { type: "boolean", description: "allow statements that change data or tables (default: read-only)" },
    "data-dir": { type: "string", valueName: "DIR", description: "query a demo's chDB data folder instead of the server" },
    ...CLICKHOUSE_CONNECTION_OPTIONS,
  },
  positionals: { minimum: 1, maximum: 1, names: "one query (quote it)" },
  examples: [
    'switchyard sql "SELECT tier, count() AS calls, sum(cost_usd) AS usd FROM llm_usage FINAL GROUP BY tier" --data-dir .data/demo-20261128-010203',
    'switchyard sql "SELECT task_type, avg(score) FROM llm_shadow FINAL GROUP BY task_type" --format csv',
  ],
  async run({ values, positionals, io }) {
    const config = loadCliConfig(io.environment);
    const format = readChoice(values, "format", OUTPUT_FORMATS, "table");
    const given = positionals[0] ?? "";
    const query = (given === "-" ? await readAll(io.stdin) : given).trim().replace(/;\s*$/, "");
    if (query.length === 0) throw new ConfigurationError("query", "is empty");
    const logger = createCliLogger(config, io);
    const dataDirectoryOption = readString(values, "data-dir");
    const dataDirectory = dataDirectoryOption === undefined ? undefined : resolveUserPath(io.workingDirectory, dataDirectoryOption);
    const write = readFlag(values, "write");
    const { store, target } = openStore(config, logger, dataDirectory, dataDirectory && displayPath(io.workingDirectory, dataDirectory), { readOnly: !write });
    try {
      // INSERT … VALUES takes no FORMAT clause for its answer: it runs as a statement.
      const run = write && /^insert\s/i.test(query) ? store.command(query).then(() => []) : store.query<Record<string, unknown>>(query);
      const rows = await run.catch((error: unknown) => {
        if (!write && readClickHouseErrorCode(causeOf(error)) === READONLY) {
          throw new ConfigurationError("query", "changes data, and sql is read-only: add --write to run it");
        }
        throw explainStoreError(error, target);
      });
      io.stdout.write(formatRows(format, columnsOf(rows), rows, { query }));
      return 0;
    } finally {
      await store.close();
    }
  },
};

/** ClickHouse's READONLY error: the statement would write while readonly is set. */
const READONLY = 164;

function causeOf(error: unknown): unknown {
  return error instanceof Error && error.cause !== undefined ? error.cause : error;
}
