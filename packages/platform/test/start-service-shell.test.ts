import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { startServiceShell } from "../src/index";

test("the service shell's /readyz says starting, then what the start waits for, then rejoining, then ready", async () => {
  let started = false;
  let ready = false;
  const { startup, server, registry } = await startServiceShell({
    name: "probe",
    logLevel: "silent",
    startupMaxWaitMs: 60_000,
    metricsPort: 0,
    isReady: () => ready,
    isStarted: () => started,
  });
  const readyz = async () => (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`)).json();
  try {
    assert.deepEqual(await readyz(), { status: "not_ready", reason: "starting" });
    let answer = false;
    const waiting = startup.until(
      "kafka",
      async () => {
        if (!answer) throw new Error("connect ECONNREFUSED");
      },
      () => ({ kind: "transient", name: "ECONNREFUSED", detail: "connect ECONNREFUSED" }),
    );
    const reason = ((await readyz()) as { reason: string }).reason;
    assert.match(reason, /kafka/);
    answer = true;
    await waiting;
    started = true;
    assert.deepEqual(await readyz(), { status: "not_ready", reason: "rejoining its consumer group" });
    ready = true;
    assert.deepEqual(await readyz(), { status: "ready" });
    assert.match(await registry.metrics(), /service="probe"/);
  } finally {
    startup.abort();
    server.close();
  }
});
