import { test } from "node:test";
import assert from "node:assert/strict";
import { runCommandLine, type CommandLineOutcome } from "./run-command-line";

const VALID_TASK = JSON.stringify({ type: "keyword_relevance", messages: [{ role: "user", content: "Is 'trail shoes' relevant?" }], maxTokens: 50 });

/** One line on stderr, no stack trace, and a non-zero exit. */
function assertOneLineFailure(outcome: CommandLineOutcome, pattern: RegExp): void {
  assert.notEqual(outcome.exitCode, null, "the command hung and was killed");
  assert.notEqual(outcome.exitCode, 0, `expected a failure, got exit 0 with ${outcome.stdout}`);
  const lines = outcome.stderr.split("\n").filter((line) => line.length > 0);
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${outcome.stderr}`);
  assert.match(lines[0] ?? "", /^switchyard( \w+)?: /);
  assert.match(lines[0] ?? "", pattern);
  assert.doesNotMatch(outcome.stderr, /\n\s+at /, "no stack trace");
}

test("submit: invalid JSON on stdin is one line and exit 2", async () => {
  const outcome = await runCommandLine(["submit"], { input: '{"type": "keyword_relevance", ' });
  assertOneLineFailure(outcome, /not valid JSON/);
  assert.equal(outcome.exitCode, 2);
});

test("submit: a task that fails the schema names the field", async () => {
  const outcome = await runCommandLine(["submit"], { input: JSON.stringify({ type: "keyword_relevance", messages: [], maxTokens: 10 }) });
  assertOneLineFailure(outcome, /invalid task: messages/);
});

test("submit: an unknown task type (per the routing config) is refused before Kafka is contacted", async () => {
  const outcome = await runCommandLine(["submit", "--type", "horoscope", "--prompt", "hello"], { environment: { KAFKA_BROKERS: "127.0.0.1:1" } });
  assertOneLineFailure(outcome, /unknown task type "horoscope"/);
});

test("submit: an unreachable broker is one line and a non-zero exit", async () => {
  const outcome = await runCommandLine(["submit", "--wait"], { input: VALID_TASK, environment: { KAFKA_BROKERS: "127.0.0.1:1" } });
  assertOneLineFailure(outcome, /cannot reach Kafka .*127\.0\.0\.1:1/);
  assert.equal(outcome.exitCode, 1);
});

test("results: an unreachable broker is one line", async () => {
  const outcome = await runCommandLine(["results", "--follow"], { environment: { KAFKA_BROKERS: "127.0.0.1:1" } });
  assertOneLineFailure(outcome, /cannot reach Kafka/);
});

test("a malformed setting names the variable", async () => {
  const outcome = await runCommandLine(["submit"], { input: VALID_TASK, environment: { KAFKA_BROKERS: "no port here" } });
  assertOneLineFailure(outcome, /KAFKA_BROKERS/);
  assert.equal(outcome.exitCode, 2);
});

test("report: an unreachable ClickHouse server is one line", async () => {
  const outcome = await runCommandLine(["report", "cost-by-day"], { environment: { CLICKHOUSE_URL: "http://127.0.0.1:1" } });
  assertOneLineFailure(outcome, /cannot query ClickHouse at http:\/\/127\.0\.0\.1:1/);
  assert.equal(outcome.exitCode, 1);
});

test("report and sql: bad arguments are one line each", async () => {
  assertOneLineFailure(await runCommandLine(["report", "no-such-report"]), /not a report/);
  assertOneLineFailure(await runCommandLine(["report", "savings", "--from", "yesterday"]), /--from: expected an ISO-8601 time/);
  assertOneLineFailure(await runCommandLine(["report", "savings", "--format", "xml"]), /--format: expected one of table, json, jsonl, csv, got "xml"/);
  assertOneLineFailure(await runCommandLine(["sql", "SELECT 1", "--data-dir", "/nonexistent/switchyard"]), /does not exist/);
  assertOneLineFailure(await runCommandLine(["demo", "--tasks", "many"]), /--tasks: expected an integer/);
  assertOneLineFailure(await runCommandLine(["demo", "--no-such-option"]), /Unknown option '--no-such-option'/);
  assertOneLineFailure(await runCommandLine(["frobnicate"]), /unknown command "frobnicate"/);
});

test("every command answers --help with its usage", async () => {
  for (const command of ["demo", "submit", "results", "report", "sql", "simulate", "serve"]) {
    const outcome = await runCommandLine([command, "--help"]);
    assert.equal(outcome.exitCode, 0, `${command} --help: ${outcome.stderr}`);
    assert.match(outcome.stdout, new RegExp(`^usage: switchyard ${command}`));
    assert.match(outcome.stdout, /-h, --help/);
  }
  const main = await runCommandLine(["--help"]);
  assert.equal(main.exitCode, 0);
  for (const command of ["demo", "submit", "results", "report", "sql", "simulate", "serve"]) assert.match(main.stdout, new RegExp(`\\n  ${command} `));
});
