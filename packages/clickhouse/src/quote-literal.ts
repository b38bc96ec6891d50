/**
 * The one way values enter SQL text. ClickHouse 18.16 has no server-side query
 * parameters, so every value is rendered as a literal here and nowhere else.
 */

/** A tuple literal: `tuple(a, b, …)`. Plain arrays render as arrays. */
export class SqlTuple {
  readonly values: readonly SqlValue[];

  constructor(values: readonly SqlValue[]) {
    this.values = values;
  }
}

export type SqlValue = string | number | bigint | boolean | Date | null | SqlTuple | readonly SqlValue[];

export function sqlTuple(...values: SqlValue[]): SqlTuple {
  return new SqlTuple(values);
}

/**
 * Renders `value` as a ClickHouse literal that reads back as exactly that value:
 * strings are single-quoted with backslash escapes (quotes, backslashes, NUL and
 * every other control character), numbers must be finite, dates become
 * `toDateTime('YYYY-MM-DD hh:mm:ss', 'UTC')` (whole seconds, UTC), arrays and
 * tuples are rendered recursively. Throws a TypeError for anything else.
 */
export function quoteLiteral(value: SqlValue): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return quoteString(value);
  if (typeof value === "number") return quoteNumber(value);
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "1" : "0";
  if (value instanceof Date) return `toDateTime(${quoteString(formatClickHouseDateTime(value))}, 'UTC')`;
  if (value instanceof SqlTuple) {
    if (value.values.length === 0) throw new TypeError("an empty tuple has no SQL literal");
    return `tuple(${value.values.map(quoteLiteral).join(", ")})`;
  }
  if (Array.isArray(value)) return `[${value.map(quoteLiteral).join(", ")}]`;
  throw new TypeError(`cannot render a ${typeof value} as an SQL literal`);
}

/**
 * Renders a name (table, column, database) as a back-quoted identifier, so that
 * no name can end the identifier early. Empty names and NUL are refused.
 */
export function quoteIdentifier(name: string): string {
  if (name.length === 0) throw new TypeError("an identifier cannot be empty");
  if (name.includes("\0")) throw new TypeError("an identifier cannot contain NUL");
  return "`" + name.replace(/[\\`]/g, (character) => `\\${character}`) + "`";
}

/**
 * The last two seconds formatted: rows of a batch mostly share their seconds,
 * and a row formats two times (its event time and inserted_at) in turn.
 */
const recentlyFormatted = [
  { second: Number.NaN, text: "" },
  { second: Number.NaN, text: "" },
];
let nextSlot = 0;

/** `YYYY-MM-DD hh:mm:ss` in UTC: the text form of a DateTime('UTC') value. */
export function formatClickHouseDateTime(date: Date): string {
  const milliseconds = date.getTime();
  if (!Number.isFinite(milliseconds)) throw new TypeError("invalid date");
  const second = Math.floor(milliseconds / 1000);
  for (const slot of recentlyFormatted) if (slot.second === second) return slot.text;
  const year = date.getUTCFullYear();
  // DateTime is a UInt32 of seconds since 1970: years outside it would wrap.
  if (year < 1970 || year > 2105) throw new TypeError(`date ${date.toISOString()} is outside ClickHouse DateTime (1970..2105)`);
  const text = date.toISOString().slice(0, 19).replace("T", " ");
  recentlyFormatted[nextSlot] = { second, text };
  nextSlot = 1 - nextSlot;
  return text;
}

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  "\0": "\\0",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function quoteString(value: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = value.replace(/[\\'\u0000-\u001f\u007f]/g, (character) => {
    const known = ESCAPES[character];
    if (known !== undefined) return known;
    return `\\x${character.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
  return `'${escaped}'`;
}

function quoteNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`${value} has no SQL literal`);
  // -0 would read back as 0 anyway; String() never yields a form ClickHouse misreads.
  if (Object.is(value, -0)) return "0";
  // Parenthesised: after a minus in the template ("x -{k}"), "-1" would make
  // "--1", and -- starts a comment that swallows the rest of the line.
  return value < 0 ? `(${String(value)})` : String(value);
}
