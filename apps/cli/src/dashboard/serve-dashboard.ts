import { ConfigurationError, type Logger } from "@switchyard/platform";
import { listBudgets, loadRoutingConfig } from "@switchyard/routing";
import type { CliConfig } from "../cli-config";
import type { CommandIo } from "../command-line/command";
import { untilInterrupted } from "../command-line/until-interrupted";
import { openStore } from "../connections/open-store";
import { configuredReportParameters } from "../reports/build-report-parameters";
import { startDashboardServer, type DashboardServer } from "./start-dashboard-server";

export interface ServeDashboardOptions {
  config: CliConfig;
  logger: Logger;
  io: CommandIo;
  /** A demo's chDB folder; undefined: the ClickHouse server. */
  dataDirectory: string | undefined;
  shownDirectory: string | undefined;
  host: string;
  port: number;
  token: string | undefined;
  /** Where the URL line is printed (default: stdout). */
  announceTo?: CommandIo["stdout"];
  /** Resolves when the server should stop (default: Ctrl-C). */
  until?: (server: DashboardServer) => Promise<unknown>;
}

/** Opens the store read-only, serves the dashboard, prints its URL, and stops on Ctrl-C. */
export async function serveDashboard(options: ServeDashboardOptions): Promise<number> {
  const routing = loadRoutingConfig(options.config.routingConfigPath);
  const { store, target } = openStore(options.config, options.logger, options.dataDirectory, options.shownDirectory, { readOnly: true });
  let server: DashboardServer | undefined;
  try {
    server = await startDashboardServer({
      store,
      target: target.label,
      savingsParameters: configuredReportParameters("savings", routing),
      budgets: listBudgets(routing.budgets),
      host: options.host,
      port: options.port,
      token: options.token,
      logger: options.logger,
    }).catch((error: unknown) => {
      if (error instanceof Error && "code" in error && (error.code === "EADDRINUSE" || error.code === "EADDRNOTAVAIL" || error.code === "EACCES")) {
        throw new ConfigurationError("--port", `cannot listen on ${options.host}:${options.port} (${error.code})`);
      }
      throw error;
    });
    const shownUrl = options.token === undefined ? server.url : `${server.url}?token=<your token>`;
    (options.announceTo ?? options.io.stdout).write(`switchyard dashboard: ${target.label}, read-only, at ${shownUrl} (Ctrl-C stops)\n`);
    await (options.until ? options.until(server) : untilInterrupted());
    return 0;
  } finally {
    await server?.close();
    await store.close();
  }
}
