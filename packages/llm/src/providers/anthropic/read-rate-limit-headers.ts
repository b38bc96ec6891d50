import type { RateLimitSnapshot, RateLimitWindow } from "../../model-provider";

const PREFIX = "anthropic-ratelimit-";

/** Reads the `anthropic-ratelimit-*` response headers; null when there are none. */
export function readRateLimitHeaders(headers: Headers): RateLimitSnapshot | null {
  const snapshot: RateLimitSnapshot = {
    requests: readWindow(headers, "requests"),
    tokens: readWindow(headers, "tokens"),
    inputTokens: readWindow(headers, "input-tokens"),
    outputTokens: readWindow(headers, "output-tokens"),
  };
  const empty = Object.values(snapshot).every((window) => window === null);
  return empty ? null : snapshot;
}

function readWindow(headers: Headers, name: string): RateLimitWindow | null {
  const limit = readNumber(headers.get(`${PREFIX}${name}-limit`));
  const remaining = readNumber(headers.get(`${PREFIX}${name}-remaining`));
  const resetAt = readDate(headers.get(`${PREFIX}${name}-reset`));
  if (limit === null && remaining === null && resetAt === null) return null;
  return { limit, remaining, resetAt };
}

function readNumber(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Resets are RFC 3339 timestamps. */
function readDate(value: string | null): Date | null {
  if (value === null) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time);
}
