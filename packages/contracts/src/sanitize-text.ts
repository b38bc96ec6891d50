const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A JSON escape that may decode to a surrogate, high (D800-DBFF) or low (DC00-DFFF): only then is the parsed value walked. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** `text` with every lone UTF-16 surrogate replaced by U+FFFD, as a UTF-8 encoder would. */
export function toWellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/**
 * A JSON value parsed from `source` whose strings (keys included) are all
 * well-formed UTF-16. A lone surrogate, written as a \u escape, passes
 * JSON.parse but no UTF-8 destination takes it: ClickHouse refuses the row,
 * and the model call it described vanishes from the ledger. Free unless the
 * source has a surrogate escape.
 */
export function sanitizeParsedJson(value: unknown, source: string): unknown {
  if (!SURROGATE_ESCAPE.test(source)) return value;
  return sanitizeValue(value);
}

function sanitizeValue(value: unknown): unknown {
  if (typeof value === "string") return toWellFormed(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(sanitizeValue);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[toWellFormed(key)] = sanitizeValue(item);
  return copy;
}
