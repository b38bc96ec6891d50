import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SwitchyardError } from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import { events, writerFor, type WriterTestEvent, type WriterTestRow } from "./support/batch-writer-fixture";
import type { BatchWriterOptions } from "../src";
import { FakeStore } from "./support/fake-store";

/** writeMany flushes on its own: a small batch and a short wait keep the lone-event paths quick. */
const manyWriter = (store: FakeStore, overrides: Partial<BatchWriterOptions<WriterTestEvent, WriterTestRow>> = {}) =>
  writerFor(store, { maxRows: 4, maxWaitMs: 10, ...overrides });

describe("BatchWriter.writeMany", () => {
  it("settles once every row is stored, with one outcome per event in order: undefined, or the error write would reject with", async () => {
    const store = new FakeStore();
    store.rejectRowsWhere((row) => row.event_id === "e2");
    const writer = manyWriter(store);
    const outcomes = await writer.writeMany([...events(4), { id: "unmappable" }, { id: "e5" }]);
    assert.equal(outcomes.length, 6);
    assert.deepEqual(
      outcomes.map((outcome) => (outcome === undefined ? "stored" : (outcome as SwitchyardError).code)),
      ["stored", "stored", "storage_rejected", "stored", "event_invalid", "stored"],
    );
    assert.ok(outcomes[4] instanceof InvalidEventError);
    assert.deepEqual([...store.stored.keys()].sort(), ["e0", "e1", "e3", "e5"]);
    await writer.close();
  });

  it("resolves only after the insert, retrying while the store is unavailable", async () => {
    const store = new FakeStore();
    store.unavailableFor(3);
    store.hold();
    const writer = manyWriter(store);
    let settled = false;
    const writing = writer.writeMany(events(4)).then((outcomes) => {
      settled = true;
      return outcomes;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(settled, false, "nothing is acknowledged before the insert succeeds");
    store.release();
    assert.deepEqual(await writing, [undefined, undefined, undefined, undefined]);
    assert.equal(store.stored.size, 4);
    assert.ok(store.attempts >= 4, "the unavailable store was tried again");
    await writer.close();
  });

  it("stores an id written twice (in one call or in two) once", async () => {
    const store = new FakeStore();
    const writer = manyWriter(store);
    const [first, second] = await Promise.all([writer.writeMany([{ id: "a" }, { id: "b" }, { id: "a" }]), writer.writeMany([{ id: "b" }])]);
    assert.deepEqual([first, second], [[undefined, undefined, undefined], [undefined]]);
    assert.equal(store.inserts.flatMap((insert) => insert.rows).length, 2);
    await writer.close();
  });

  it("keeps to maxBufferedRows: a call larger than the buffer waits for room row by row", async () => {
    const store = new FakeStore();
    store.hold();
    let mapped = 0;
    const writer = manyWriter(store, {
      maxRows: 2,
      maxBufferedRows: 4,
      mapRow: (event) => ((mapped += 1), { event_id: event.id, ts: "2024-05-01 00:00:00" }),
    });
    const writing = writer.writeMany(events(7));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(mapped, 4, "the fifth row waits before it exists");
    store.release();
    assert.equal((await writing).length, 7);
    assert.equal(store.stored.size, 7);
    await writer.close();
  });

  it("answers shutting_down (retryable) for rows it could not store before close", async () => {
    const store = new FakeStore();
    store.unavailableFor(1_000_000);
    const writer = manyWriter(store);
    const writing = writer.writeMany(events(2));
    await writer.close({ timeoutMs: 30 });
    const outcomes = await writing;
    for (const outcome of outcomes) {
      assert.equal((outcome as SwitchyardError).code, "shutting_down");
      assert.equal((outcome as SwitchyardError).retryable, true);
    }
    const late = await writer.writeMany(events(1, "late"));
    assert.equal((late[0] as SwitchyardError).code, "shutting_down", "a closed writer takes nothing more");
  });
});
