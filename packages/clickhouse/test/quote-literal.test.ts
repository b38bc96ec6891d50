import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { createEmbeddedStore, formatClickHouseDateTime, quoteIdentifier, quoteLiteral, sqlTuple } from "../src";
import { assertLiteralsRoundTrip } from "./support/literal-cases";
import { silentLogger } from "./support/report-tests";

describe("quoteLiteral", () => {
  it("escapes quotes, backslashes and control characters", () => {
    assert.equal(quoteLiteral("O'Reilly"), "'O\\'Reilly'");
    assert.equal(quoteLiteral("a\\b"), "'a\\\\b'");
    assert.equal(quoteLiteral("\\'"), "'\\\\\\''");
    assert.equal(quoteLiteral("nul\0x"), "'nul\\0x'");
    assert.equal(quoteLiteral("\n\t\r\b\f"), "'\\n\\t\\r\\b\\f'");
    assert.equal(quoteLiteral("\x01\x1b\x7f"), "'\\x01\\x1b\\x7f'");
    assert.equal(quoteLiteral("é€😀"), "'é€😀'");
  });

  it("never leaves a quote that could end the literal", () => {
    for (const value of ["'", "\\'", "\\\\'", "x' OR '1'='1", "'); DROP TABLE t; --"]) {
      const inner = quoteLiteral(value).slice(1, -1);
      // Every quote inside must be escaped by an odd number of backslashes.
      for (const match of inner.matchAll(/(\\*)'/g)) assert.equal((match[1] ?? "").length % 2, 1, `${value} → ${inner}`);
    }
  });

  it("renders numbers, booleans, bigints, null, dates, arrays and tuples", () => {
    assert.equal(quoteLiteral(42), "42");
    assert.equal(quoteLiteral(-1.5), "(-1.5)", "parenthesised: after a minus, -1.5 would start a -- comment");
    assert.equal(quoteLiteral(1e-7), "1e-7");
    assert.equal(quoteLiteral(-0), "0");
    assert.equal(quoteLiteral(12345678901234567890n), "12345678901234567890");
    assert.equal(quoteLiteral(true), "1");
    assert.equal(quoteLiteral(null), "NULL");
    assert.equal(quoteLiteral(new Date("2024-05-01T10:15:30.500Z")), "toDateTime('2024-05-01 10:15:30', 'UTC')");
    assert.equal(quoteLiteral(["a", 1, null]), "['a', 1, NULL]");
    assert.equal(quoteLiteral([sqlTuple("m", 0.25)]), "[tuple('m', 0.25)]");
  });

  it("refuses values that have no literal", () => {
    assert.throws(() => quoteLiteral(Number.NaN), TypeError);
    assert.throws(() => quoteLiteral(Number.POSITIVE_INFINITY), TypeError);
    assert.throws(() => quoteLiteral(new Date("nope")), TypeError);
    assert.throws(() => quoteLiteral(new Date("1969-12-31T23:59:59Z")), TypeError);
    assert.throws(() => quoteLiteral(sqlTuple()), TypeError);
    assert.throws(() => quoteLiteral({} as never), TypeError);
    assert.throws(() => quoteLiteral(undefined as never), TypeError);
  });
});

describe("quoteIdentifier", () => {
  it("back-quotes and escapes", () => {
    assert.equal(quoteIdentifier("llm_usage"), "`llm_usage`");
    assert.equal(quoteIdentifier("a`b"), "`a\\`b`");
    assert.equal(quoteIdentifier("a\\b"), "`a\\\\b`");
    assert.throws(() => quoteIdentifier(""), TypeError);
    assert.throws(() => quoteIdentifier("a\0b"), TypeError);
  });
});

describe("formatClickHouseDateTime", () => {
  it("writes UTC whole seconds", () => {
    assert.equal(formatClickHouseDateTime(new Date("2024-05-01T23:59:59.999+02:00")), "2024-05-01 21:59:59");
  });

  it("formats each date by its own second, however the calls alternate", () => {
    const dates = ["2024-05-01T10:00:00.100Z", "2024-05-01T10:00:00.900Z", "2024-05-01T10:00:01.000Z", "2024-05-01T10:00:00.500Z", "1970-01-01T00:00:00.000Z"];
    assert.deepEqual(
      dates.map((date) => formatClickHouseDateTime(new Date(date))),
      ["2024-05-01 10:00:00", "2024-05-01 10:00:00", "2024-05-01 10:00:01", "2024-05-01 10:00:00", "1970-01-01 00:00:00"],
    );
    assert.throws(() => formatClickHouseDateTime(new Date("1969-12-31T23:59:59.500Z")), TypeError);
    assert.throws(() => formatClickHouseDateTime(new Date("2106-01-01T00:00:00Z")), TypeError);
  });
});

describe("literals on chDB", () => {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-chdb-literals-"));
  const store = createEmbeddedStore({ path: directory, database: "literals", logger: silentLogger });
  after(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("every hostile value reads back unchanged", async () => {
    await assertLiteralsRoundTrip(store);
  });
});
