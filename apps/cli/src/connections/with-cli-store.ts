import type { ClickHouseStore } from "@switchyard/clickhouse";
import type { Logger } from "@switchyard/platform";
import type { CliConfig } from "../cli-config";
import type { CommandIo, OptionValues } from "../command-line/command";
import { readString } from "../command-line/read-options";
import { displayPath, resolveUserPath } from "../command-line/resolve-paths";
import { explainStoreError, openStore } from "./open-store";

/**
 * Runs `work` on the store the command names: the --data-dir folder, else the
 * server of the environment. A store error names where the query went; the
 * store is closed whatever happens.
 */
export async function withCliStore<Result>(
  invocation: { values: OptionValues; io: CommandIo },
  config: CliConfig,
  logger: Logger,
  work: (store: ClickHouseStore) => Promise<Result>,
  options: { readOnly?: boolean } = {},
): Promise<Result> {
  const { values, io } = invocation;
  const option = readString(values, "data-dir");
  const dataDirectory = option === undefined ? undefined : resolveUserPath(io.workingDirectory, option);
  const { store, target } = openStore(config, logger, dataDirectory, dataDirectory && displayPath(io.workingDirectory, dataDirectory), options);
  try {
    return await work(store).catch((error: unknown) => {
      throw explainStoreError(error, target);
    });
  } finally {
    await store.close();
  }
}
