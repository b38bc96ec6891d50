import { SwitchyardError, type SwitchyardErrorOptions } from "@switchyard/platform";

/** The codes of an event that cannot be read: retrying will not help. */
export type InvalidEventCode = "event_invalid" | "event_too_large" | "event_version_unsupported" | "event_not_json";

/** An incoming message cannot be processed as it is; retrying will not help. */
export class InvalidEventError extends SwitchyardError<InvalidEventCode> {
  /** The task id, when it could be read from the broken message. */
  readonly taskId: string | undefined;

  constructor(code: InvalidEventCode, message: string, options: SwitchyardErrorOptions & { taskId?: string | undefined } = {}) {
    super(code, message, { ...options, retryable: false });
    this.taskId = options.taskId;
  }
}
