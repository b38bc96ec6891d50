import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { createLogger, createMetricsRegistry, startOperationsServer } from "../src/index";

test("/readyz answers 503 with the reason while not ready, 200 once ready", async () => {
  let ready = false;
  const server = await startOperationsServer({
    port: 0,
    host: "127.0.0.1",
    registry: createMetricsRegistry("test"),
    isReady: () => ready,
    notReadyReason: () => "waiting for kafka: ECONNREFUSED (3 s)",
    logger: createLogger({ name: "test", level: "silent" }),
  });
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`;
    const waiting = await fetch(url);
    assert.equal(waiting.status, 503);
    assert.deepEqual(await waiting.json(), { status: "not_ready", reason: "waiting for kafka: ECONNREFUSED (3 s)" });
    ready = true;
    const through = await fetch(url);
    assert.equal(through.status, 200);
    assert.deepEqual(await through.json(), { status: "ready" });
  } finally {
    server.close();
  }
});
