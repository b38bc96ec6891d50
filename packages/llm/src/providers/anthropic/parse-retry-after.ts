/**
 * How long the provider asked us to wait, in milliseconds, from
 * `retry-after-ms` (preferred, as the official SDKs do) or `retry-after`
 * (seconds, or an HTTP date). Undefined when absent or unreadable.
 */
export function parseRetryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const milliseconds = readNumber(headers.get("retry-after-ms"));
  if (milliseconds !== undefined && milliseconds >= 0) return milliseconds;
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = readNumber(value);
  if (seconds !== undefined) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function readNumber(value: string | null): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}
