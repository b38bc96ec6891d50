import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import { createServerStore } from "@switchyard/clickhouse";
import { DEFAULT_TOPICS } from "@switchyard/contracts";
import { createInMemoryTransport } from "@switchyard/kafka";
import { StartupAbortedError, StartupWait, createLogger } from "@switchyard/platform";
import { startSink } from "../src/index";

// The real server; unreachable means these tests fail (never skip).
const clickhouseUrl = process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123";
// Port 1 (tcpmux) is not served here: connections are refused at once.
const NOTHING_LISTENS = "http://127.0.0.1:1";
const logger = createLogger({ name: "sink-startup-test", level: "silent" });

async function startAgainst(url: string, password: string, maxWaitMs: number): Promise<unknown> {
  const store = createServerStore({ url, password, database: `sink_startup_${randomUUID().replace(/-/g, "").slice(0, 12)}`, logger, requestTimeoutMs: 2_000 });
  try {
    const sink = await startSink({
      transport: createInMemoryTransport(),
      store,
      topics: DEFAULT_TOPICS,
      groupId: "sink-startup-test",
      batch: { maxRows: 10, maxWaitMs: 50, maxBufferedRows: 100, retry: { initialDelayMs: 50, maxDelayMs: 100 } },
      maxEventBytes: 1024,
      logger,
      startup: new StartupWait({ maxWaitMs, logger }),
    });
    await sink.stop();
    return "started";
  } catch (error) {
    return error;
  } finally {
    await store.close();
  }
}

describe("the sink's start against ClickHouse", () => {
  it("stops at once, naming ClickHouse, when the server refuses the credentials", async () => {
    const started = Date.now();
    const error = await startAgainst(clickhouseUrl, "not-the-password", 60_000);
    assert.ok(error instanceof StartupAbortedError, String(error));
    assert.equal(error.code, "dependency_refused");
    assert.equal(error.dependency, "clickhouse");
    assert.match(error.message, /^clickhouse refused: Code 19[23]: /);
    assert.ok(!error.message.includes("not-the-password"), "the password stays out of the line");
    assert.ok(Date.now() - started < 30_000, "no waiting on a refusal");
  });

  it("gives up after the total wait, naming ClickHouse, when nothing answers", async () => {
    const started = Date.now();
    const error = await startAgainst(NOTHING_LISTENS, "", 1_500);
    assert.ok(error instanceof StartupAbortedError, String(error));
    assert.equal(error.code, "dependency_wait_exceeded");
    assert.equal(error.dependency, "clickhouse");
    assert.match(error.message, /ECONNREFUSED/);
    assert.ok(Date.now() - started < 10_000, `gave up after ${Date.now() - started} ms`);
  });
});
