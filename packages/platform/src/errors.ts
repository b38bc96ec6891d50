/**
 * The base of every error Switchyard throws. Each package owns its codes (a
 * string union beside its error class); callers branch on `code` and
 * `retryable`, never on message text.
 */
export interface SwitchyardErrorOptions {
  retryable?: boolean;
  cause?: unknown;
}

export class SwitchyardError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retryable: boolean;

  constructor(code: Code, message: string, options: SwitchyardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** The codes the platform itself throws: configuration, start-up, shutdown. */
export type PlatformErrorCode = "configuration_invalid" | "dependency_refused" | "dependency_wait_exceeded" | "shutting_down";

/** A setting is missing or malformed; the process must not start. */
export class ConfigurationError extends SwitchyardError<"configuration_invalid"> {
  readonly setting: string;

  constructor(setting: string, problem: string, options: SwitchyardErrorOptions = {}) {
    super("configuration_invalid", `${setting}: ${problem}`, options);
    this.setting = setting;
  }
}

/**
 * A service gives up starting: a dependency refused it in a way that cannot
 * heal (authentication, authorisation), or stayed unreachable for the whole
 * start-up wait. The message is the one line a supervisor shows.
 */
export class StartupAbortedError extends SwitchyardError<"dependency_refused" | "dependency_wait_exceeded"> {
  /** The dependency that stopped the start, such as "kafka" or "clickhouse". */
  readonly dependency: string;

  constructor(code: "dependency_refused" | "dependency_wait_exceeded", dependency: string, message: string, options: SwitchyardErrorOptions = {}) {
    super(code, message, { ...options, retryable: false });
    this.dependency = dependency;
  }
}

/** Work stopped because the process, a store or a call is shutting down; `retryable` when another instance may redo it. */
export class ShuttingDownError extends SwitchyardError<"shutting_down"> {
  constructor(message: string, options: SwitchyardErrorOptions = {}) {
    super("shutting_down", message, options);
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
