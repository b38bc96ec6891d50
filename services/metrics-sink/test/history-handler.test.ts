import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BatchWriter } from "@switchyard/clickhouse";
import { InvalidEventError, type AlertEvent, type PolicyChangeEvent } from "@switchyard/contracts";
import type { IncomingMessage } from "@switchyard/kafka";
import { createLogger } from "@switchyard/platform";
import { createHistoryHandler } from "../src/index";

const logger = createLogger({ name: "test", level: "silent" });

const alert: AlertEvent = {
  version: 1,
  alertId: "a1",
  ts: "2026-11-30T12:00:00.000Z",
  kind: "policy_move_down",
  subject: "campaign_summary",
  hour: "2026-11-30T12:00:00.000Z",
  observed: 0.97,
  baseline: 0.95,
  threshold: 0.95,
  message: "campaign_summary moved to fast",
};

const change = {
  version: 1,
  changeId: "c1",
  policyVersion: 3,
  taskType: "campaign_summary",
  override: { tier: "fast" },
  movedFrom: "standard",
  pinned: false,
  author: "controller",
  reason: "shadow evidence",
  evidence: null,
  createdAt: "2026-11-30T12:00:00.000Z",
};

function message(topic: string, value: unknown): IncomingMessage {
  return { topic, partition: 0, offset: "0", key: null, value: Buffer.from(JSON.stringify(value)), headers: {}, timestamp: "0" };
}

/** A writer that only remembers what it was given. */
function recordingWriter<Event>(): BatchWriter<Event> & { written: Event[] } {
  const written: Event[] = [];
  return {
    written,
    write: async (event) => void written.push(event),
    writeMany: async (events) => events.map((event) => void written.push(event)),
    flush: async () => undefined,
    close: async () => undefined,
    bufferedRows: 0,
  };
}

describe("the history handler", () => {
  const policyWriter = recordingWriter<PolicyChangeEvent>();
  const alertWriter = recordingWriter<AlertEvent>();
  const handler = createHistoryHandler({ policyTopic: "p", alertsTopic: "a", policyWriter, alertWriter, maxEventBytes: 64 * 1024 });
  const context = (incoming: IncomingMessage) => ({ logger, signal: new AbortController().signal, message: incoming });

  it("writes a policy change and an alert each to its own table's writer", async () => {
    const policyMessage = message("p", change);
    const alertMessage = message("a", alert);
    assert.deepEqual(await handler.handle(handler.decode(policyMessage), context(policyMessage)), []);
    assert.deepEqual(await handler.handle(handler.decode(alertMessage), context(alertMessage)), []);
    assert.deepEqual(
      policyWriter.written.map((event) => [event.changeId, event.policyVersion, event.override?.tier]),
      [["c1", 3, "fast"]],
    );
    assert.deepEqual(
      alertWriter.written.map((event) => event.alertId),
      ["a1"],
    );
  });

  it("refuses (to the dead letters) what is not an event of its topics", () => {
    assert.throws(() => handler.decode(message("p", { ...change, policyVersion: 0 })), InvalidEventError);
    assert.throws(() => handler.decode(message("a", { ...alert, kind: "nope" })), InvalidEventError);
    assert.throws(() => handler.decode(message("elsewhere", alert)), InvalidEventError);
  });
});
