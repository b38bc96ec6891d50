import assert from "node:assert/strict";
import { quoteIdentifier, quoteLiteral, sqlTuple, type ClickHouseStore } from "../../src";

/** Strings that would end a naïvely quoted literal, or change meaning, if spliced raw. */
export const HOSTILE_STRINGS = [
  "",
  "O'Reilly",
  "'",
  "''",
  "\\",
  "\\'",
  "trailing backslash\\",
  "x' OR '1'='1",
  "'); DROP TABLE llm_usage; --",
  "a\\' OR 1=1 -- ",
  "\0",
  "nul\0inside",
  "\n\r\t\b\f\v\x07",
  "\x1b[31mred\x1b[0m",
  "\x7f",
  "\\x41 is not A, \\0 is not NUL, \\n is not a newline",
  "é€😀 — 中文 \u2028\u2029",
  '`backtick` and "double"',
  "{from:DateTime} stays text",
  "/* not a comment */ -- nor this",
];

/** Every hostile value reads back exactly as it was, alone and inside arrays and tuples. */
export async function assertLiteralsRoundTrip(store: ClickHouseStore): Promise<void> {
  for (const value of HOSTILE_STRINGS) {
    const rows = await store.query<{ v: string }>(`SELECT ${quoteLiteral(value)} AS v`);
    assert.deepEqual(rows, [{ v: value }], `round trip of ${JSON.stringify(value)}`);
  }
  const [array] = await store.query<{ v: string[] }>(`SELECT ${quoteLiteral(HOSTILE_STRINGS)} AS v`);
  assert.deepEqual(array?.v, HOSTILE_STRINGS);

  const numbers = [0, -1.5, 1e-7, 2.5e21, 123456789, Number.MAX_SAFE_INTEGER, 0.1 + 0.2];
  const [numeric] = await store.query<Record<string, number>>(`SELECT ${numbers.map((value, index) => `${quoteLiteral(value)} AS n${index}`).join(", ")}`);
  numbers.forEach((value, index) => assert.equal(numeric?.[`n${index}`], value, `number ${value}`));

  const [mixed] = await store.query<Record<string, unknown>>(
    `SELECT ${quoteLiteral(new Date("2024-05-01T10:15:30.999Z"))} AS d, ${quoteLiteral(null)} AS n, ${quoteLiteral(12345678901234n)} AS b, ` +
      `${quoteLiteral(true)} AS t, ${quoteLiteral([sqlTuple("it's", 1.5), sqlTuple("b\\", 2)])} AS tuples`,
  );
  assert.deepEqual(mixed, {
    d: "2024-05-01 10:15:30",
    n: null,
    b: 12345678901234,
    t: 1,
    tuples: [
      ["it's", 1.5],
      ["b\\", 2],
    ],
  });

  for (const name of ["plain", "we`ird", "back\\slash", "sp ace", "semi;colon", "quote'd", "ünï"]) {
    const rows = await store.query<Record<string, number>>(`SELECT 1 AS ${quoteIdentifier(name)}`);
    assert.deepEqual(rows, [{ [name]: 1 }], `identifier ${JSON.stringify(name)}`);
  }
}
