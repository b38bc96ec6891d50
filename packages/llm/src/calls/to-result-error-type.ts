import type { InvalidEventCode, ResultErrorType } from "@switchyard/contracts";
import { isSwitchyardError } from "@switchyard/platform";
import type { ModelCallErrorCode } from "../model-call-error";

const RESULT_ERROR_TYPES: ReadonlyMap<string, ResultErrorType> = new Map<ModelCallErrorCode | InvalidEventCode, ResultErrorType>([
  ["model_rate_limited", "rate_limited"],
  ["model_overloaded", "overloaded"],
  ["model_timeout", "timeout"],
  ["model_connection", "connection"],
  ["model_spend_limit", "spend_limit"],
  ["model_invalid_request", "invalid_request"],
  ["model_authentication", "authentication"],
  ["output_invalid", "output_invalid"],
  ["event_invalid", "invalid_task"],
  ["event_too_large", "invalid_task"],
  ["event_version_unsupported", "invalid_task"],
  ["event_not_json", "invalid_task"],
]);

/** The result contract's error type for an error; model_error for anything else. */
export function toResultErrorType(error: unknown): ResultErrorType {
  if (!isSwitchyardError(error)) return "model_error";
  return RESULT_ERROR_TYPES.get(error.code) ?? "model_error";
}
