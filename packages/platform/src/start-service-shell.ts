import type { Server } from "node:http";
import { createLogger, type Logger } from "./logger";
import { createMetricsRegistry, startOperationsServer, type Registry } from "./operations-server";
import { StartupWait } from "./startup-wait";

export interface ServiceShellOptions {
  /** The service's name: the logger's name and the metrics' `service` label. */
  name: string;
  logLevel: string;
  logContent?: boolean;
  /** STARTUP_MAX_WAIT_MS: how long the start waits for its dependencies in total. */
  startupMaxWaitMs: number;
  metricsPort: number;
  /** True while the service consumes (its loops are members of their groups). */
  isReady: () => boolean;
  /** True once the service's loops have started: not ready then means rejoining a group. */
  isStarted: () => boolean;
}

export interface ServiceShell {
  logger: Logger;
  registry: Registry;
  /** Every dependency of the start waits through it, within one bounded total. */
  startup: StartupWait;
  /** /metrics, /healthz, /readyz. */
  server: Server;
}

/**
 * What every service process starts with: its root logger, its metrics
 * registry, its start-up wait, and the operations server, up before any
 * dependency is reached so that /readyz says what the start is waiting for.
 */
export async function startServiceShell(options: ServiceShellOptions): Promise<ServiceShell> {
  const logger = createLogger({ name: options.name, level: options.logLevel, logContent: options.logContent ?? false });
  const registry = createMetricsRegistry(options.name);
  const startup = new StartupWait({ maxWaitMs: options.startupMaxWaitMs, logger });
  const server = await startOperationsServer({
    port: options.metricsPort,
    registry,
    isReady: options.isReady,
    notReadyReason: () => startup.waitingFor() ?? (options.isStarted() ? "rejoining its consumer group" : "starting"),
    logger,
  });
  return { logger, registry, startup, server };
}
