import { readClickHouseErrorCode } from "@switchyard/clickhouse";
import { ConfigurationError } from "@switchyard/platform";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readFlag } from "../command-line/read-options";
import { readAll } from "../command-line/read-stdin";
import { readOutputFormat } from "../command-line/read-output-format";
import { withCliStore } from "../connections/with-cli-store";
import { columnsOf, formatRows } from "../output/format-rows";

export async function runSqlCommand({ values, positionals, io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const format = readOutputFormat(values);
  const given = positionals[0] ?? "";
  const query = (given === "-" ? await readAll(io.stdin) : given).trim().replace(/;\s*$/, "");
  if (query.length === 0) throw new ConfigurationError("query", "is empty");
  const write = readFlag(values, "write");
  const rows = await withCliStore(
    { values, io },
    config,
    createCliLogger(config, io),
    (store) => {
      // INSERT … VALUES takes no FORMAT clause for its answer: it runs as a statement.
      const run = write && /^insert\s/i.test(query) ? store.command(query).then(() => []) : store.query<Record<string, unknown>>(query);
      return run.catch((error: unknown) => {
        if (!write && readClickHouseErrorCode(causeOf(error)) === READONLY) {
          throw new ConfigurationError("query", "changes data, and sql is read-only: add --write to run it");
        }
        throw error;
      });
    },
    { readOnly: !write },
  );
  io.stdout.write(formatRows(format, columnsOf(rows), rows, { query }));
  return 0;
}

/** ClickHouse's READONLY error: the statement would write while readonly is set. */
const READONLY = 164;

function causeOf(error: unknown): unknown {
  return error instanceof Error && error.cause !== undefined ? error.cause : error;
}
