import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { z } from "zod";
import {
  AnthropicEnvironmentSchema,
  ClickHouseEnvironmentSchema,
  ConfigurationError,
  KafkaEnvironmentSchema,
  parseConfigFile,
  parseEnvironment,
} from "../src/index";

describe("parseEnvironment", () => {
  it("applies the contract's defaults", () => {
    const kafka = parseEnvironment(KafkaEnvironmentSchema, {});
    assert.deepEqual(kafka.KAFKA_BROKERS, ["127.0.0.1:9092"]);
    const clickhouse = parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_URL: "" });
    assert.equal(clickhouse.CLICKHOUSE_URL, "http://127.0.0.1:8123");
    assert.equal(clickhouse.CLICKHOUSE_DATABASE, "switchyard");
  });
  it("splits a broker list", () => {
    assert.deepEqual(parseEnvironment(KafkaEnvironmentSchema, { KAFKA_BROKERS: "a:9092, b:9093" }).KAFKA_BROKERS, ["a:9092", "b:9093"]);
  });
  it("names the setting and the problem", () => {
    assert.throws(
      () => parseEnvironment(KafkaEnvironmentSchema, { KAFKA_BROKERS: "no-port" }),
      (error: unknown) => error instanceof ConfigurationError && error.setting.startsWith("KAFKA_BROKERS") && /host:port/.test(error.message),
    );
    assert.throws(
      () => parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_URL: "not a url" }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "CLICKHOUSE_URL",
    );
  });
  it("refuses impossible ports and URLs no HTTP client can use, at start", () => {
    for (const brokers of ["a:0", "a:99999", "a:9092,b:65536"]) {
      assert.throws(() => parseEnvironment(KafkaEnvironmentSchema, { KAFKA_BROKERS: brokers }), (error: unknown) => error instanceof ConfigurationError && /KAFKA_BROKERS/.test(error.setting), brokers);
    }
    for (const url of ["clickhouse://db:9000", "tcp://db:9000", "http://db:0", "ftp://db"]) {
      assert.throws(() => parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_URL: url }), (error: unknown) => error instanceof ConfigurationError && error.setting === "CLICKHOUSE_URL", url);
    }
    assert.throws(() => parseEnvironment(AnthropicEnvironmentSchema, { ANTHROPIC_BASE_URL: "file:///etc/passwd" }), ConfigurationError);
    assert.equal(parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_URL: "https://db.example:8443" }).CLICKHOUSE_URL, "https://db.example:8443");
  });

  it("names the field of a bad config file", () => {
    const directory = mkdtempSync(join(tmpdir(), "switchyard-config-"));
    const path = join(directory, "routing.json");
    writeFileSync(path, JSON.stringify({ limits: { max: -1 } }));
    const schema = z.object({ limits: z.object({ max: z.number().min(0) }) });
    assert.throws(() => parseConfigFile(schema, path, "SWITCHYARD_CONFIG"), (error: unknown) => error instanceof ConfigurationError && error.message.includes("limits.max"));
    writeFileSync(path, "{ not json");
    assert.throws(() => parseConfigFile(schema, path, "SWITCHYARD_CONFIG"), /not valid JSON/);
    assert.throws(() => parseConfigFile(schema, join(directory, "missing.json"), "SWITCHYARD_CONFIG"), /cannot read/);
  });
});

describe("runMain", () => {
  it("stops a process with one line and a non-zero exit code on a bad variable", () => {
    const script = `
      const { runMain, parseEnvironment, KafkaEnvironmentSchema } = require(${JSON.stringify(join(__dirname, "..", "src", "index.js"))});
      runMain("probe", async () => { parseEnvironment(KafkaEnvironmentSchema, process.env); process.stdout.write("started\\n"); });
    `;
    const result = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, KAFKA_BROKERS: "broken" }, encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, "");
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? "", /^probe: invalid configuration: KAFKA_BROKERS/);
    assert.ok(!result.stderr.includes("    at "), "no stack trace");
  });
});
