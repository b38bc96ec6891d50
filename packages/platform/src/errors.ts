/**
 * The error hierarchy every package throws. Callers branch on `code` and
 * `retryable`, never on message text.
 */
export type ErrorCode =
  | "configuration_invalid"
  | "event_invalid"
  | "event_too_large"
  | "event_version_unsupported"
  | "event_not_json"
  | "model_error"
  | "model_rate_limited"
  | "model_overloaded"
  | "model_timeout"
  | "model_connection"
  | "model_spend_limit"
  | "model_invalid_request"
  | "model_authentication"
  | "output_invalid"
  | "storage_unavailable"
  | "storage_rejected"
  | "transport_unavailable"
  | "dependency_refused"
  | "dependency_wait_exceeded"
  | "alert_delivery_failed"
  | "shutting_down";

export interface SwitchyardErrorOptions {
  retryable?: boolean;
  cause?: unknown;
}

export class SwitchyardError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: SwitchyardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** A setting is missing or malformed; the process must not start. */
export class ConfigurationError extends SwitchyardError {
  readonly setting: string;

  constructor(setting: string, problem: string, options: SwitchyardErrorOptions = {}) {
    super("configuration_invalid", `${setting}: ${problem}`, options);
    this.setting = setting;
  }
}

/** An incoming message cannot be processed as it is; retrying will not help. */
export class InvalidEventError extends SwitchyardError {
  /** The task id, when it could be read from the broken message. */
  readonly taskId: string | undefined;

  constructor(
    code: Extract<ErrorCode, "event_invalid" | "event_too_large" | "event_version_unsupported" | "event_not_json">,
    message: string,
    options: SwitchyardErrorOptions & { taskId?: string | undefined } = {},
  ) {
    super(code, message, { ...options, retryable: false });
    this.taskId = options.taskId;
  }
}

/** A model call failed; `retryable` says whether the same call may succeed later. */
export class ModelCallError extends SwitchyardError {
  readonly status: number | undefined;
  /** Milliseconds the provider asked us to wait, from retry-after. */
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: SwitchyardErrorOptions & { status?: number; retryAfterMs?: number; requestId?: string } = {},
  ) {
    super(code, message, options);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
  }
}

/** A downstream store (ClickHouse) or transport (Kafka) is not available right now. */
export class DependencyUnavailableError extends SwitchyardError {
  constructor(
    code: Extract<ErrorCode, "storage_unavailable" | "storage_rejected" | "transport_unavailable">,
    message: string,
    options: SwitchyardErrorOptions = {},
  ) {
    super(code, message, { retryable: code !== "storage_rejected", ...options });
  }
}

/**
 * A service gives up starting: a dependency refused it in a way that cannot
 * heal (authentication, authorisation), or stayed unreachable for the whole
 * start-up wait. The message is the one line a supervisor shows.
 */
export class StartupAbortedError extends SwitchyardError {
  /** The dependency that stopped the start, such as "kafka" or "clickhouse". */
  readonly dependency: string;

  constructor(
    code: Extract<ErrorCode, "dependency_refused" | "dependency_wait_exceeded">,
    dependency: string,
    message: string,
    options: SwitchyardErrorOptions = {},
  ) {
    super(code, message, { ...options, retryable: false });
    this.dependency = dependency;
  }
}

export function isSwitchyardError(error: unknown): error is SwitchyardError {
  return error instanceof SwitchyardError;
}

/**
 * The one retry rule: only an error that says it is retryable is retried;
 * anything else (a bug, an unknown throw) goes to its dead letter or caller.
 */
export function isRetryableError(error: unknown): boolean {
  return isSwitchyardError(error) && error.retryable;
}

/** The message of an unknown thrown value, for logs and error events. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
