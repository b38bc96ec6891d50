import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError, SwitchyardError } from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import { events, writerFor } from "./support/batch-writer-fixture";
import { FakeStore } from "./support/fake-store";

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe("createBatchWriter", () => {
  it("inserts a batch as soon as it is full, and resolves writes only then", async () => {
    const store = new FakeStore();
    store.hold();
    const writer = writerFor(store);
    const writes = events(3).map((event) => writer.write(event));
    assert.equal(await settled(writes[0] as Promise<void>), false, "not stored yet");
    store.release();
    await Promise.all(writes);
    assert.equal(store.inserts.length, 1);
    assert.deepEqual(
      store.inserts[0]?.rows.map((row) => row.event_id),
      ["e0", "e1", "e2"],
    );
    await writer.close();
  });

  it("inserts a partial batch when its oldest row has waited maxWaitMs", async () => {
    const store = new FakeStore();
    const writer = writerFor(store, { maxRows: 100, maxWaitMs: 20 });
    await Promise.all(events(2).map((event) => writer.write(event)));
    assert.equal(store.inserts.length, 1);
    assert.equal(store.inserts[0]?.rows.length, 2);
    await writer.close();
  });

  it("retries while the store is unavailable, then stores everything once", async () => {
    const store = new FakeStore();
    store.unavailableFor(4);
    const writer = writerFor(store);
    await Promise.all(events(3).map((event) => writer.write(event)));
    assert.equal(store.attempts, 5);
    assert.equal(store.stored.size, 3);
    await writer.close();
  });

  it("applies backpressure: write waits while maxBufferedRows are buffered", async () => {
    const store = new FakeStore();
    store.hold();
    let mapped = 0;
    const writer = writerFor(store, {
      maxRows: 2,
      maxWaitMs: 20,
      maxBufferedRows: 4,
      mapRow: (event) => ((mapped += 1), { event_id: event.id, ts: "2024-05-01 00:00:00" }),
    });
    const writes = events(7).map((event) => writer.write(event));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(mapped, 4, "the fifth write waits before its row exists");
    assert.equal(writer.bufferedRows, 4);
    store.release();
    await Promise.all(writes);
    assert.equal(mapped, 7);
    assert.equal(store.stored.size, 7);
    assert.deepEqual([...store.stored.keys()], ["e0", "e1", "e2", "e3", "e4", "e5", "e6"], "order is kept");
    await writer.close();
  });

  it("keeps up to maxConcurrentBatches batches under way at once", async () => {
    const store = new FakeStore();
    store.hold();
    const writer = writerFor(store, { maxRows: 2, maxConcurrentBatches: 2 });
    const writes = events(6).map((event) => writer.write(event));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.attempts, 2, "two batches started, the third waits for a free slot");
    store.release();
    await Promise.all(writes);
    assert.equal(store.attempts, 3);
    assert.equal(store.stored.size, 6);
    await writer.close();
  });

  it("gives a repeated id in a concurrent batch the outcome of the batch that holds it", async () => {
    const store = new FakeStore();
    store.hold();
    const writer = writerFor(store, { maxRows: 2, maxConcurrentBatches: 2 });
    const writes = ["a", "b", "a", "c"].map((id) => writer.write({ id }));
    await new Promise((resolve) => setImmediate(resolve));
    store.release();
    await Promise.all(writes);
    assert.deepEqual(store.inserts.flatMap((insert) => insert.rows.map((row) => row.event_id)).sort(), ["a", "b", "c"]);
    await writer.close();

    const rejecting = new FakeStore();
    rejecting.hold();
    rejecting.rejectRowsWhere((row) => row.event_id === "a");
    const second = writerFor(rejecting, { maxRows: 2, maxConcurrentBatches: 2 });
    const outcomes = Promise.allSettled(["a", "b", "a", "c"].map((id) => second.write({ id })));
    await new Promise((resolve) => setImmediate(resolve));
    rejecting.release();
    assert.deepEqual(
      (await outcomes).map((outcome) => outcome.status),
      ["rejected", "fulfilled", "rejected", "fulfilled"],
    );
    await second.close();
  });

  it("bisects a rejected batch: the bad row fails, the others are stored", async () => {
    const store = new FakeStore();
    store.rejectRowsWhere((row) => row.event_id === "e5");
    const writer = writerFor(store, { maxRows: 8 });
    const results = await Promise.allSettled(events(8).map((event) => writer.write(event)));
    assert.deepEqual(
      results.map((result) => result.status),
      ["fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"],
    );
    const reason = (results[5] as PromiseRejectedResult).reason as SwitchyardError;
    assert.equal(reason.code, "storage_rejected");
    assert.equal(reason.retryable, false);
    assert.equal(store.stored.size, 7);
    await writer.close();
  });

  it("skips rows already stored or repeated, and tokens each insert by its ids", async () => {
    const store = new FakeStore();
    const writer = writerFor(store, { maxRows: 4 });
    await Promise.all(events(4).map((event) => writer.write(event)));
    await Promise.all([writer.write({ id: "e1" }), writer.write({ id: "e9" }), writer.write({ id: "e9" }), writer.write({ id: "e3" })]);
    assert.equal(store.inserts.length, 2);
    assert.deepEqual(
      store.inserts[1]?.rows.map((row) => row.event_id),
      ["e9"],
    );
    const tokens = store.inserts.map((insert) => insert.options.deduplicationToken);
    assert.match(tokens[0] ?? "", /^[0-9a-f]{64}$/);
    assert.notEqual(tokens[0], tokens[1]);
    await writer.close();

    const again = new FakeStore();
    const second = writerFor(again, { maxRows: 4 });
    await Promise.all([{ id: "e3" }, { id: "e1" }, { id: "e0" }, { id: "e2" }].map((event) => second.write(event)));
    assert.equal(again.inserts[0]?.options.deduplicationToken, tokens[0], "the same ids give the same token, in any order");
    await second.close();
  });

  it("sends no token to a store that does not take one (18.16), and still skips stored ids", async () => {
    const store = new FakeStore();
    store.supportsDeduplicationToken = false;
    const writer = writerFor(store, { maxRows: 4 });
    await Promise.all(events(4).map((event) => writer.write(event)));
    await Promise.all([writer.write({ id: "e1" }), writer.write({ id: "e9" })]);
    await writer.flush();
    assert.deepEqual(
      store.inserts.map((insert) => insert.rows.map((row) => row.event_id)),
      [["e0", "e1", "e2", "e3"], ["e9"]],
    );
    assert.deepEqual(
      store.inserts.map((insert) => insert.options.deduplicationToken),
      [undefined, undefined],
    );
    await writer.close();
  });

  it("close flushes what is buffered", async () => {
    const store = new FakeStore();
    const writer = writerFor(store, { maxRows: 100 });
    const writes = events(5).map((event) => writer.write(event));
    await writer.close();
    await Promise.all(writes);
    assert.equal(store.stored.size, 5);
    await assert.rejects(writer.write({ id: "late" }), (error: unknown) => error instanceof SwitchyardError && error.code === "shutting_down");
  });

  it("close gives up on an unavailable store after its timeout without acknowledging", async () => {
    const store = new FakeStore();
    store.unavailableFor(Number.MAX_SAFE_INTEGER);
    const writer = writerFor(store);
    const writes = events(5).map((event) => writer.write(event));
    await writer.close({ timeoutMs: 30 });
    const results = await Promise.allSettled(writes);
    for (const result of results) {
      assert.equal(result.status, "rejected");
      assert.equal((result.reason as SwitchyardError).code, "shutting_down");
    }
    assert.equal(store.stored.size, 0);
  });

  it("rejects an event its mapper cannot map, as invalid", async () => {
    const store = new FakeStore();
    const writer = writerFor(store, {
      mapRow: () => {
        throw new RangeError("bad date");
      },
    });
    await assert.rejects(writer.write({ id: "x" }), InvalidEventError);
    await writer.close();
  });

  it("refuses impossible options", () => {
    const store = new FakeStore();
    assert.throws(() => writerFor(store, { maxRows: 0 }), ConfigurationError);
    assert.throws(() => writerFor(store, { maxRows: 10, maxBufferedRows: 5 }), ConfigurationError);
    assert.throws(() => writerFor(store, { maxConcurrentBatches: 0 }), ConfigurationError);
    assert.throws(() => writerFor(store, { table: "llm_usage; DROP TABLE x" }), ConfigurationError);
  });

  it("gives batches whose ids join to the same text different deduplication tokens", async () => {
    const store = new FakeStore();
    const writer = writerFor(store, { maxRows: 2, maxWaitMs: 5 });
    await writer.write({ id: "a\nb" });
    await Promise.all([writer.write({ id: "a" }), writer.write({ id: "b" })]);
    await writer.close();
    assert.equal(store.inserts.length, 2);
    const [first, second] = store.inserts.map((insert) => insert.options.deduplicationToken);
    assert.ok(first && second);
    assert.notEqual(first, second);
  });
});
