/** Longest slice of outside input an error message, result or log line carries by default. */
export const DEFAULT_MAX_ECHO_CHARS = 200;

/**
 * At most `maxChars` characters of `text`, marked with "…" and the full length
 * when cut, so no input reaches an error message, result or log line whole.
 * Never splits a surrogate pair.
 */
export function boundText(text: string, maxChars = DEFAULT_MAX_ECHO_CHARS): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}… (${text.length} chars)`;
}

/** A value quoted for an error message: JSON for non-strings, bounded either way. */
export function quoteValue(value: unknown, maxChars = DEFAULT_MAX_ECHO_CHARS): string {
  if (typeof value === "string") return JSON.stringify(boundText(value, maxChars));
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return boundText(text, maxChars);
}
