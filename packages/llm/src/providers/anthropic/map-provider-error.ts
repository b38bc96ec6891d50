import { APIConnectionError, APIConnectionTimeoutError, APIError } from "@anthropic-ai/sdk";
import { describeError } from "@switchyard/platform";
import { ModelCallError, type ModelCallErrorCode } from "../../model-call-error";
import { isSpendLimitError } from "./is-spend-limit-error";
import { parseRetryAfterMs } from "./parse-retry-after";

interface Classification {
  code: ModelCallErrorCode;
  retryable: boolean;
}

/**
 * Maps an error thrown by the Anthropic SDK to a ModelCallError with a stable
 * code, `retryable`, the status, retry-after and request id; the SDK error is
 * kept as the cause. Retryable: 408, 409, 429 (not a spend limit), 5xx, 529,
 * connection errors and timeouts.
 */
export function mapProviderError(error: unknown, model: string): ModelCallError {
  if (error instanceof ModelCallError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new ModelCallError("model_timeout", `${model}: the request timed out`, { retryable: true, cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new ModelCallError("model_connection", `${model}: connection error: ${describeConnectionError(error)}`, { retryable: true, cause: error });
  }
  if (error instanceof APIError && typeof error.status === "number") {
    const { code, retryable } = classifyStatus(error);
    const retryAfterMs = parseRetryAfterMs(error.headers);
    return new ModelCallError(code, `${model}: ${describeApiError(error)}`, {
      retryable,
      cause: error,
      status: error.status,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(error.requestID ? { requestId: error.requestID } : {}),
    });
  }
  return new ModelCallError("model_error", `${model}: ${describeError(error)}`, { retryable: false, cause: error });
}

function classifyStatus(error: APIError): Classification {
  const status = error.status ?? 0;
  const facts = { status, type: error.type, errorCode: error.errorCode, apiMessage: error.apiMessage };
  if (isSpendLimitError(facts)) return { code: "model_spend_limit", retryable: false };
  if (status === 429) return { code: "model_rate_limited", retryable: true };
  if (status === 529) return { code: "model_overloaded", retryable: true };
  if (status === 408 || status === 504) return { code: "model_timeout", retryable: true };
  if (status === 409 || status >= 500) return { code: "model_error", retryable: true };
  if (status === 401 || status === 403) return { code: "model_authentication", retryable: false };
  if (status === 400 || status === 404 || status === 413 || status === 422) return { code: "model_invalid_request", retryable: false };
  return { code: "model_error", retryable: false };
}

function describeApiError(error: APIError): string {
  if (error.apiMessage === null) return error.message;
  return `${error.status} ${error.type ?? "error"}: ${error.apiMessage}`;
}

// The SDK's message is a generic "Connection error."; the cause says which (ECONNREFUSED…).
function describeConnectionError(error: APIConnectionError): string {
  const cause = error.cause as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = cause?.code ?? cause?.cause?.code;
  return typeof code === "string" ? code : error.message;
}
