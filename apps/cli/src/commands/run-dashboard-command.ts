import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readInteger, readString } from "../command-line/read-options";
import { displayPath, resolveUserPath } from "../command-line/resolve-paths";
import { DEFAULT_DASHBOARD_PORT } from "./dashboard-command";

export async function runDashboardCommand({ values, io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const dataDirectoryOption = readString(values, "data-dir");
  const dataDirectory = dataDirectoryOption === undefined ? undefined : resolveUserPath(io.workingDirectory, dataDirectoryOption);
  const logger = createCliLogger(config, io);
  // The server's code loads only when this command runs.
  const { serveDashboard } = await import("../dashboard/serve-dashboard.js");
  return serveDashboard({
    config,
    logger,
    io,
    dataDirectory,
    shownDirectory: dataDirectory && displayPath(io.workingDirectory, dataDirectory),
    host: readString(values, "host") ?? "127.0.0.1",
    port: readInteger(values, "port", DEFAULT_DASHBOARD_PORT, 0, 65_535),
    token: readString(values, "token") ?? config.dashboardToken,
  });
}
