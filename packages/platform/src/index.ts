export {
  SwitchyardError,
  ConfigurationError,
  InvalidEventError,
  ModelCallError,
  DependencyUnavailableError,
  StartupAbortedError,
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
export { warnAboutModelEndpoint } from "./warn-about-model-endpoint";
export { boundText, quoteValue, DEFAULT_MAX_ECHO_CHARS } from "./bound-text";
export { redactText, redactUrl } from "./redact-text";
export { computeBackoffDelay } from "./compute-backoff-delay";
export type { BackoffOptions } from "./compute-backoff-delay";
export { withTimeout } from "./with-timeout";
export { StartupWait } from "./startup-wait";
export type { StartupWaitOptions, DependencyCondition, ClassifyDependencyError } from "./startup-wait";
