import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError } from "@switchyard/platform";
import { loadSinkConfig } from "../src/config";

describe("loadSinkConfig", () => {
  it("has batch defaults that suit a ClickHouse server", () => {
    const config = loadSinkConfig({});
    assert.deepEqual(config.batch, {
      maxRows: 5_000,
      maxWaitMs: 1_000,
      maxBufferedRows: 40_000,
      maxConcurrentBatches: 3,
      retry: { initialDelayMs: 250, maxDelayMs: 10_000 },
    });
  });

  it("reads batch settings from the environment and names a bad one", () => {
    const config = loadSinkConfig({ SINK_BATCH_MAX_ROWS: "1000", SINK_CONCURRENT_BATCHES: "4" });
    assert.equal(config.batch.maxRows, 1_000);
    assert.equal(config.batch.maxConcurrentBatches, 4);
    assert.throws(
      () => loadSinkConfig({ SINK_CONCURRENT_BATCHES: "0" }),
      (error: unknown) => error instanceof ConfigurationError && /SINK_CONCURRENT_BATCHES/.test(error.message),
    );
  });

  it("refuses a buffer smaller than one batch, and a retry ceiling under its first delay, at start", () => {
    assert.throws(
      () => loadSinkConfig({ SINK_BATCH_MAX_ROWS: "5000", SINK_MAX_BUFFERED_ROWS: "100" }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "SINK_MAX_BUFFERED_ROWS",
    );
    assert.throws(
      () => loadSinkConfig({ SINK_RETRY_INITIAL_DELAY_MS: "5000", SINK_RETRY_MAX_DELAY_MS: "10" }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "SINK_RETRY_MAX_DELAY_MS",
    );
    assert.throws(
      () => loadSinkConfig({ CLICKHOUSE_URL: "clickhouse://db:9000" }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "CLICKHOUSE_URL",
    );
  });

  it("turns the anomaly detector on by default and reads the alert webhook", () => {
    assert.equal(loadSinkConfig({}).alerts.enabled, true);
    assert.equal(loadSinkConfig({}).webhook, null);
    const config = loadSinkConfig({ ALERTS_WEBHOOK_URL: "https://hooks.example.test/T/B/x", ALERTS_WEBHOOK_FORMAT: "slack" });
    assert.deepEqual(config.webhook, { url: "https://hooks.example.test/T/B/x", format: "slack", timeoutMs: 10_000, groupId: "switchyard-alert-webhook" });
    assert.throws(
      () => loadSinkConfig({ ALERTS_WEBHOOK_FORMAT: "teams" }),
      (error: unknown) => error instanceof ConfigurationError && /ALERTS_WEBHOOK_FORMAT: expected json or slack/.test(error.message),
    );
    assert.throws(
      () => loadSinkConfig({ ALERTS_WEBHOOK_URL: "ftp://x" }),
      (error: unknown) => error instanceof ConfigurationError && /ALERTS_WEBHOOK_URL/.test(error.message),
    );
  });
});
