import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BatchWriter } from "@switchyard/clickhouse";
import type { ShadowEvent, UsageEvent } from "@switchyard/contracts";
import { StorageError } from "@switchyard/clickhouse";
import { buildShadowEvent, buildUsageEvents, createTestLogger } from "@switchyard/test-support";
import { createSinkHandler, type SinkEvent } from "../src/index";

/** A writer that stores in memory and fails the events `failing` names. */
function recordingWriter<Event extends { eventId: string }>(failing: (event: Event) => unknown): BatchWriter<Event> & { calls: Event[][] } {
  const calls: Event[][] = [];
  return {
    calls,
    write: () => Promise.reject(new Error("the batch path writes with writeMany")),
    writeMany: (events) => {
      calls.push([...events]);
      return Promise.resolve(events.map(failing));
    },
    flush: () => Promise.resolve(),
    close: () => Promise.resolve(),
    bufferedRows: 0,
  };
}

describe("the sink handler's batch path", () => {
  it("writes a fetch's usage and shadow events with one call per table and gives each error back to its own event", async () => {
    const refused = new StorageError("storage_rejected", "Code: 41: cannot parse");
    const usage = buildUsageEvents(3);
    const shadow = [buildShadowEvent({ eventId: "shadow-1" }), buildShadowEvent({ eventId: "shadow-2" })];
    const usageWriter = recordingWriter<UsageEvent>((event) => (event.eventId === usage[1]?.eventId ? refused : undefined));
    const shadowWriter = recordingWriter<ShadowEvent>((event) => (event.eventId === "shadow-2" ? refused : undefined));
    const handler = createSinkHandler({ topics: { usage: "llm.usage", shadow: "llm.shadow" }, usageWriter, shadowWriter, maxEventBytes: 1_000_000 });
    const events: SinkEvent[] = [
      { kind: "shadow", event: shadow[0] as ShadowEvent },
      { kind: "usage", event: usage[0] as UsageEvent },
      { kind: "shadow", event: shadow[1] as ShadowEvent },
      { kind: "usage", event: usage[1] as UsageEvent },
      { kind: "usage", event: usage[2] as UsageEvent },
    ];
    const outcomes = await handler.handleBatch?.(events, { logger: createTestLogger("sink-handler-test"), signal: new AbortController().signal });
    assert.deepEqual(
      outcomes?.map((outcome) => ("error" in outcome ? "error" : outcome.outputs.length)),
      [0, 0, "error", "error", 0],
    );
    assert.equal(usageWriter.calls.length, 1);
    assert.equal(usageWriter.calls[0]?.length, 3);
    assert.equal(shadowWriter.calls.length, 1);
    assert.deepEqual(
      shadowWriter.calls[0]?.map((event) => event.eventId),
      ["shadow-1", "shadow-2"],
    );
  });
});
