import { ShuttingDownError, type SwitchyardError } from "@switchyard/platform";

/**
 * The error for work abandoned through its signal (shutdown or a revoked
 * partition): retryable, so the consumer leaves the task to be consumed again.
 */
export function abandonedError(signal: AbortSignal): SwitchyardError {
  return new ShuttingDownError("the model call was abandoned", { retryable: true, cause: signal.reason });
}
