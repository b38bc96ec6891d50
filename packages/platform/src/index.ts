export { SwitchyardError, ConfigurationError, StartupAbortedError, ShuttingDownError, isSwitchyardError, isRetryableError, describeError } from "./errors";
export type { PlatformErrorCode, SwitchyardErrorOptions } from "./errors";
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
  optionalInteger,
  numberSetting,
  logLevelSetting,
  portSetting,
  emptyToUndefined,
  isPortNumber,
  httpUrl,
  CommonEnvironmentSchema,
} from "./config";
export type { Environment, CommonEnvironment } from "./config";
export { createMetricsRegistry, startOperationsServer, Registry, Counter, Gauge, Histogram } from "./operations-server";
export { getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram } from "./get-or-create-metric";
export { counterCell, type CounterCell } from "./counter-cell";
export { LabelLimiter, OTHER_LABEL } from "./label-limiter";
export type { OperationsServerOptions } from "./operations-server";
export { onShutdownSignal } from "./shutdown";
export { sleep } from "./sleep";
export { boundText, quoteValue, DEFAULT_MAX_ECHO_CHARS } from "./bound-text";
export { redactText, redactUrl } from "./redact-text";
export { computeBackoffDelay } from "./compute-backoff-delay";
export type { BackoffOptions } from "./compute-backoff-delay";
export { withTimeout } from "./with-timeout";
export { StartupWait } from "./startup-wait";
export type { StartupWaitOptions, DependencyCondition, ClassifyDependencyError } from "./startup-wait";
export { startServiceShell } from "./start-service-shell";
export type { ServiceShellOptions, ServiceShell } from "./start-service-shell";
