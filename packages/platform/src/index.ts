export {
  SwitchyardError,
  ConfigurationError,
  InvalidEventError,
  ModelCallError,
  DependencyUnavailableError,
  isSwitchyardError,
  isRetryableError,
  describeError,
} from "./errors";
export type { ErrorCode, SwitchyardErrorOptions } from "./errors";
export { createLogger, redactForLog } from "./logger";
export type { Logger, CreateLoggerOptions } from "./logger";
export {
  parseEnvironment,
  parseConfigFile,
  parseConfigValue,
  runMain,
  optionalString,
  booleanFlag,
  integerSetting,
  numberSetting,
  logLevelSetting,
  KafkaEnvironmentSchema,
  ClickHouseEnvironmentSchema,
  AnthropicEnvironmentSchema,
  CommonEnvironmentSchema,
  resolveModelEndpoint,
} from "./config";
export type { Environment, KafkaEnvironment, ClickHouseEnvironment, AnthropicEnvironment, CommonEnvironment, ModelEndpoint } from "./config";
export {
  createMetricsRegistry,
  startOperationsServer,
  Registry,
  Counter,
  Gauge,
  Histogram,
} from "./operations-server";
export type { OperationsServerOptions } from "./operations-server";
export { onShutdownSignal } from "./shutdown";
export { sleep } from "./sleep";
export { computeBackoffDelay } from "./compute-backoff-delay";
export type { BackoffOptions } from "./compute-backoff-delay";
export { withTimeout } from "./with-timeout";
