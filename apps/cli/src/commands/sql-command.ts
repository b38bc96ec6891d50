import { ConfigurationError } from "@switchyard/platform";
import { loadCliConfig } from "../cli-config";
import type { Command } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readChoice, readString } from "../command-line/read-options";
import { readAll } from "../command-line/read-stdin";
import { displayPath, resolveUserPath } from "../command-line/resolve-paths";
import { explainStoreError, openStore } from "../connections/open-store";
import { columnsOf, formatRows, OUTPUT_FORMATS } from "../output/format-rows";

export const sqlCommand: Command = {
  name: "sql",
  summary: "run your own SQL on the usage and shadow tables (llm_usage, llm_shadow, the hourly rollups)",
  usage: 'switchyard sql "<query>" [--format table|json|csv] [--data-dir DIR]',
  details: [
    "Runs on the ClickHouse server of the environment, or on a demo's chDB data folder with --data-dir. " +
      "Read llm_usage and llm_shadow with FINAL (or count distinct ids) to count every call once. " +
      'Give "-" as the query to read it from standard input.',
  ],
  options: {
    format: { type: "string", short: "f", valueName: "table|json|csv", description: "output format (default table)" },
    "data-dir": { type: "string", valueName: "DIR", description: "query a demo's chDB data folder instead of the server" },
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
    const { store, target } = openStore(config, logger, dataDirectory, dataDirectory && displayPath(io.workingDirectory, dataDirectory));
    try {
      const rows = await store.query<Record<string, unknown>>(query).catch((error: unknown) => {
        throw explainStoreError(error, target);
      });
      io.stdout.write(formatRows(format, columnsOf(rows), rows, { query }));
      return 0;
    } finally {
      await store.close();
    }
  },
};
