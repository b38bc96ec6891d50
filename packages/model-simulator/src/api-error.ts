/** The API's error types the simulator answers with, and their statuses. */
export type ApiErrorType =
  "invalid_request_error" | "authentication_error" | "not_found_error" | "request_too_large" | "rate_limit_error" | "api_error" | "overloaded_error";

export interface ApiError {
  status: number;
  type: ApiErrorType;
  message: string;
  /** error.details, as the API sends for errors with a stable code. */
  details?: { error_code: string };
  headers?: Record<string, string>;
  /** The stats' outcome name. */
  outcome: string;
}

/** The body of an error response, as the Messages API shapes it. */
export function errorBody(error: ApiError, requestId: string): string {
  return JSON.stringify({
    type: "error",
    error: { type: error.type, message: error.message, ...(error.details ? { details: error.details } : {}) },
    request_id: requestId,
  });
}

export function invalidRequest(message: string): ApiError {
  return { status: 400, type: "invalid_request_error", message, outcome: "invalid_request" };
}
