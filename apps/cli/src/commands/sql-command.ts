import type { Command } from "../command-line/command";
import { CLICKHOUSE_CONNECTION_OPTIONS } from "../command-line/connection-flags";
import { DATA_DIR_OPTION, FORMAT_OPTION } from "../command-line/table-options";

export const sqlCommand: Command = {
  name: "sql",
  summary: "run your own SQL on the usage and shadow tables (llm_usage, llm_shadow, the hourly rollups)",
  usage: 'switchyard sql "<query>" [--write] [--format table|json|jsonl|csv] [--data-dir DIR] [--clickhouse-url URL]',
  details: [
    "Runs on the ClickHouse server of the environment, or on a demo's chDB data folder with --data-dir. " +
      "Read llm_usage and llm_shadow with FINAL (or count distinct ids) to count every call once. " +
      'Give "-" as the query to read it from standard input.',
    "Read-only unless --write is given (ClickHouse's readonly setting, on the server and in chDB alike): " + "a query cannot change or drop data by accident.",
  ],
  options: {
    format: { ...FORMAT_OPTION, description: "output format (default table); jsonl: one row per line" },
    write: { type: "boolean", description: "allow statements that change data or tables (default: read-only)" },
    "data-dir": DATA_DIR_OPTION,
    ...CLICKHOUSE_CONNECTION_OPTIONS,
  },
  positionals: { minimum: 1, maximum: 1, names: "one query (quote it)" },
  examples: [
    'switchyard sql "SELECT tier, count() AS calls, sum(cost_usd) AS usd FROM llm_usage FINAL GROUP BY tier" --data-dir .data/demo-20261128-010203',
    'switchyard sql "SELECT task_type, avg(score) FROM llm_shadow FINAL GROUP BY task_type" --format csv',
  ],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-sql-command.js")).runSqlCommand(invocation),
};
