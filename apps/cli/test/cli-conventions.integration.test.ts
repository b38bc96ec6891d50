import { test } from "node:test";
import assert from "node:assert/strict";
import { Kafka, logLevel } from "kafkajs";
import { runCliInProcess } from "./run-cli-in-process";
import { runCommandLine } from "./run-command-line";

// The real broker and ClickHouse server; unreachable means these tests fail (never skip).
const BROKERS = process.env.KAFKA_BROKERS ?? "127.0.0.1:9092";
const CLICKHOUSE_URL = process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123";
const suffix = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

test("results never creates a topic: a missing one is one line and exit 1, and stays missing", { timeout: 300_000 }, async () => {
  const topic = `switchyard-test-cli-missing-${suffix}`;
  for (const args of [["results"], ["results", "--follow"]]) {
    const outcome = await runCommandLine(args, { environment: { KAFKA_BROKERS: BROKERS, TOPIC_RESULTS: topic }, killAfterMs: 30_000 });
    assert.equal(outcome.exitCode, 1, `${args.join(" ")}: ${outcome.stderr}`);
    assert.match(outcome.stderr, new RegExp(`topic ${topic} does not exist`));
  }
  const admin = new Kafka({ brokers: BROKERS.split(","), clientId: "cli-conventions-test", logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    assert.equal((await admin.listTopics()).includes(topic), false, "the command created nothing");
  } finally {
    await admin.disconnect();
  }
});

test("sql on the ClickHouse server is read-only unless --write (ClickHouse's readonly setting)", async () => {
  const database = `switchyard_test_cli_${suffix}`;
  const environment = { CLICKHOUSE_URL, CLICKHOUSE_DATABASE: "default" };
  const sql = (...args: string[]) => runCliInProcess(["sql", ...args], environment);
  const refused = await sql(`CREATE DATABASE ${database}`);
  assert.equal(refused.exitCode, 2, refused.stderr);
  assert.match(refused.stderr, /read-only: add --write/);
  assert.equal((await sql("--write", `CREATE DATABASE ${database}`)).exitCode, 0);
  try {
    assert.equal((await sql("--write", `CREATE TABLE ${database}.notes (n UInt8) ENGINE = MergeTree ORDER BY n`)).exitCode, 0);
    assert.equal((await sql(`INSERT INTO ${database}.notes VALUES (1)`)).exitCode, 2);
    const inserted = await sql("--write", `INSERT INTO ${database}.notes VALUES (1), (2)`);
    assert.equal(inserted.exitCode, 0, inserted.stderr);
    const rows = await sql("--format", "jsonl", `SELECT n FROM ${database}.notes ORDER BY n`);
    assert.equal(rows.stdout, '{"n":1}\n{"n":2}\n');
    assert.equal((await sql(`DROP TABLE ${database}.notes`)).exitCode, 2, "a drop without --write is refused");
    assert.equal((await sql(`SELECT count() AS n FROM ${database}.notes`, "-f", "jsonl")).stdout, '{"n":2}\n');
  } finally {
    await sql("--write", `DROP DATABASE IF EXISTS ${database}`);
  }
});
