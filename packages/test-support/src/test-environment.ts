import { join, resolve } from "node:path";
import { createLogger, type Logger } from "@switchyard/platform";

/** The repository root: packages/test-support/dist/src → four levels up (scripts/run-tests.js also sets it). */
export const ROOT = process.env.SWITCHYARD_ROOT ?? resolve(__dirname, "..", "..", "..", "..");

// The real broker and ClickHouse server; unreachable means the tests that use them fail (never skip).
export const BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");
export const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123";

/** Log files of the service processes that tests start. */
export const TEST_LOG_DIRECTORY = join(ROOT, ".run", "test-logs");

/** The built entry points, for tests that run a service as its own process. */
export const SERVICE_SCRIPTS = {
  router: join(ROOT, "services", "router", "dist", "src", "main.js"),
  shadow: join(ROOT, "services", "shadow", "dist", "src", "main.js"),
  sink: join(ROOT, "services", "metrics-sink", "dist", "src", "main.js"),
  simulator: join(ROOT, "packages", "model-simulator", "dist", "src", "main.js"),
} as const;
export type ServiceKind = keyof typeof SERVICE_SCRIPTS;

/** A logger for tests: silent unless TEST_LOG_LEVEL says otherwise. */
export function createTestLogger(name: string): Logger {
  return createLogger({ name, level: process.env.TEST_LOG_LEVEL ?? "silent" });
}
