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
    assert.throws(() => loadSinkConfig({ SINK_CONCURRENT_BATCHES: "0" }), (error: unknown) => error instanceof ConfigurationError && /SINK_CONCURRENT_BATCHES/.test(error.message));
  });
});
