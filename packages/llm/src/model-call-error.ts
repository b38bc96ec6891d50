import { SwitchyardError, type SwitchyardErrorOptions } from "@switchyard/platform";

/** Why a model call failed, whichever provider made it. */
export type ModelCallErrorCode =
  | "model_error"
  | "model_rate_limited"
  | "model_overloaded"
  | "model_timeout"
  | "model_connection"
  | "model_spend_limit"
  | "model_invalid_request"
  | "model_authentication"
  | "output_invalid";

/** A model call failed; `retryable` says whether the same call may succeed later. */
export class ModelCallError extends SwitchyardError<ModelCallErrorCode> {
  readonly status: number | undefined;
  /** Milliseconds the provider asked us to wait, from retry-after. */
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    code: ModelCallErrorCode,
    message: string,
    options: SwitchyardErrorOptions & { status?: number; retryAfterMs?: number; requestId?: string } = {},
  ) {
    super(code, message, options);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.requestId = options.requestId;
  }
}
