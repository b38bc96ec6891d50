import { StorageError } from "@switchyard/clickhouse";
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigurationError } from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import { describeCliError } from "../src/command-line/describe-cli-error";
import { readInteger, readKeyValues, readTime } from "../src/command-line/read-options";
import { formatCsv } from "../src/output/format-csv";
import { formatRows } from "../src/output/format-rows";
import { formatPercentChange, formatUsd } from "../src/output/format-numbers";

test("csv quotes fields with commas, quotes and line breaks, and joins arrays", () => {
  const csv = formatCsv(
    ["a", "b", "c"],
    [
      { a: 'say "hi"', b: "x,y", c: ["m1", "m2"] },
      { a: "line\nbreak", b: null, c: 3 },
    ],
  );
  assert.equal(csv, 'a,b,c\r\n"say ""hi""","x,y","m1, m2"\r\n"line\nbreak",,3\r\n');
});

test("table output right-aligns numeric columns; json output is one document", () => {
  const rows = [
    { tier: "fast", calls: 1400 },
    { tier: "powerful", calls: 100 },
  ];
  assert.equal(formatRows("table", ["tier", "calls"], rows), "tier      calls\nfast       1400\npowerful    100\n");
  assert.deepEqual(JSON.parse(formatRows("json", ["tier", "calls"], rows, { report: "x" })), { report: "x", columns: ["tier", "calls"], rows });
  assert.equal(formatRows("table", ["tier"], []), "(no rows)\n");
});

test("numbers read as people write them", () => {
  assert.equal(formatUsd(1234.567), "$1,234.57");
  assert.equal(formatUsd(0.01234), "$0.0123");
  assert.equal(formatUsd(null), "unknown");
  assert.equal(formatPercentChange(-98.3), "-98.3%");
  assert.equal(formatPercentChange(0), "0.0%");
  assert.equal(formatPercentChange(-0.01), "0.0%");
});

test("options are validated with the option's name in the message", () => {
  assert.equal(readInteger({ tasks: "2_000" }, "tasks", 5, 1, 10_000), 2_000);
  assert.equal(readInteger({}, "tasks", 5, 1, 10), 5);
  assert.throws(() => readInteger({ tasks: "0" }, "tasks", 5, 1, 10), /--tasks: expected an integer from 1 to 10, got "0"/);
  assert.throws(() => readInteger({ tasks: "1.5" }, "tasks", 5, 1, 10), /--tasks: expected an integer/);
  assert.deepEqual(readKeyValues({ metadata: ["tenant=acme", "note=a=b"] }, "metadata"), { tenant: "acme", note: "a=b" });
  assert.throws(() => readKeyValues({ metadata: ["tenant"] }, "metadata"), /--metadata: expected key=value/);
  assert.equal(readTime({ from: "2026-11-28T00:00:00Z" }, "from")?.toISOString(), "2026-11-28T00:00:00.000Z");
  assert.throws(() => readTime({ from: "last tuesday" }, "from"), /--from: expected an ISO-8601 time/);
  for (const lenient of ["2026", "1", "Nov 28 2026", "2026-11-28", "2026-11-28T00:00:00"]) {
    assert.throws(
      () => readTime({ from: lenient }, "from"),
      (error: unknown) => error instanceof ConfigurationError && error.message.includes(JSON.stringify(lenient)),
      lenient,
    );
  }
});

test("every error becomes one line; bad input exits 2, unavailable services 1", () => {
  assert.deepEqual(describeCliError(new ConfigurationError("KAFKA_BROKERS", "expected host:port")), { line: "KAFKA_BROKERS: expected host:port", exitCode: 2 });
  assert.equal(describeCliError(new InvalidEventError("event_invalid", "maxTokens: too big")).line, "invalid task: maxTokens: too big");
  const folded = describeCliError(new StorageError("storage_unavailable", "Code: 60.\n   DB::Exception: table missing\n  at stack"));
  assert.equal(folded.exitCode, 1);
  assert.equal(folded.line, "Code: 60. DB::Exception: table missing at stack");
  assert.ok(describeCliError(new Error("x".repeat(5_000))).line.length <= 600);
});

test("table output shows control characters from stored data escaped, never as terminal sequences", () => {
  const rows = [{ task_id: "kw-1\u001b]0;pwned\u0007\u001b[2J", type: "a\u202eb\r\nc" }];
  const table = formatRows("table", ["task_id", "type"], rows);
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(table), JSON.stringify(table));
  assert.match(table, /kw-1\\x1b\]0;pwned\\x07\\x1b\[2J/);
  assert.equal(table.split("\n").length, 3, "one line per row");
});

test("csv output neutralises cells a spreadsheet would run as formulas; numbers stay numbers", () => {
  const csv = formatCsv(
    ["a", "b", "c", "d"],
    [
      { a: '=HYPERLINK("http://x")', b: "+1", c: -5, d: "@SUM(A1)" },
      { a: "-2+3", b: "\tx", c: "plain", d: "a=b" },
    ],
  );
  assert.equal(csv, 'a,b,c,d\r\n"\'=HYPERLINK(""http://x"")",\'+1,-5,\'@SUM(A1)\r\n\'-2+3,\'\tx,plain,a=b\r\n');
});

test("error lines never print a credential or a control character", () => {
  const secret = "CANARY-PASSWORD";
  const error = new StorageError("storage_unavailable", `cannot query ClickHouse at http://default:${secret}@db:8123/ \u001b[31mred`);
  const { line } = describeCliError(error);
  assert.ok(!line.includes(secret), line);
  assert.ok(!line.includes("\u001b"), line);
  assert.match(line, /db:8123/);
});
