const REDACTED = "[redacted]";

// Ordered: the header rule runs before the bearer rule so that
// "authorization: Bearer x" loses the whole value.
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  // user:password@ in any URL (ClickHouse, Kafka, proxies).
  [/\b([a-z][a-z0-9+.-]{0,20}:\/\/)[^\s/@:]{0,256}:[^\s/@]{0,256}@/gi, `$1${REDACTED}@`],
  // A header echoed in an upstream error: the value up to the end of the line, quote or comma.
  [/\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|cookie|set-cookie)(["']?\s{0,4}[:=]\s{0,4}["']?)[^\r\n"',;]{1,1024}/gi, `$1$2${REDACTED}`],
  [/\bBearer\s{1,4}[A-Za-z0-9._~+/=-]{4,}/g, `Bearer ${REDACTED}`],
  // Anthropic keys and the like, wherever they appear.
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
];

const MAY_HOLD_SECRET = /[:=]|Bearer|sk-/;

/**
 * `text` with credentials removed: passwords in URLs, header values that an
 * upstream error echoed, bearer tokens and API keys. For error messages that
 * leave the process (results, dead-letter headers, log lines). Every pattern
 * is bounded, so the cost is linear in the text.
 */
export function redactText(text: string): string {
  // Every pattern needs one of these: most texts (ids, model names, numbers) skip all four.
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let redacted = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) redacted = redacted.replace(pattern, replacement);
  return redacted;
}

/** A URL as it may be shown: without its password (and username). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === "" && parsed.password === "") return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return redactText(url);
  }
}
