import { TransportError } from "../src/index";
import { test } from "node:test";
import assert from "node:assert/strict";
import { BatchingPublisher } from "../src/batching-publisher";
import type { OutgoingMessage } from "../src/index";

const message = (key: string, value = "v"): OutgoingMessage => ({ topic: "out", key, value });

test("concurrent callers share one send, and each promise settles with it", async () => {
  const sends: OutgoingMessage[][] = [];
  const publisher = new BatchingPublisher({
    lingerMs: 5,
    maxBatchMessages: 1_000,
    maxBatchBytes: 1_000_000,
    send: async (messages) => {
      sends.push(messages);
    },
  });
  await Promise.all(Array.from({ length: 50 }, (_unused, n) => publisher.publish([message(`k${n}`), message(`k${n}b`)])));
  assert.equal(sends.length, 1);
  assert.equal(sends[0]?.length, 100);
  assert.deepEqual(
    sends[0]?.slice(0, 2).map((sent) => sent.key),
    ["k0", "k0b"],
    "a caller's messages keep their order",
  );
});

test("while a send is in flight the next callers gather for the following one; size limits split batches", async () => {
  const sizes: number[] = [];
  let release: () => void = () => undefined;
  let first = true;
  const publisher = new BatchingPublisher({
    lingerMs: 1,
    maxBatchMessages: 10,
    maxBatchBytes: 1_000_000,
    send: async (messages) => {
      sizes.push(messages.length);
      if (first) {
        first = false;
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
    },
  });
  const firstCall = publisher.publish([message("a")]);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const later = Array.from({ length: 25 }, (_unused, n) => publisher.publish([message(`b${n}`)]));
  release();
  await Promise.all([firstCall, ...later]);
  assert.deepEqual(sizes, [1, 10, 10, 5]);
});

test("a refused message fails only its own caller; a retryable failure fails the whole batch", async () => {
  const publisher = new BatchingPublisher({
    lingerMs: 5,
    maxBatchMessages: 1_000,
    maxBatchBytes: 1_000_000,
    send: async (messages) => {
      if (messages.some((sent) => sent.key === "too-large")) {
        throw new TransportError("MESSAGE_TOO_LARGE", { retryable: false });
      }
    },
  });
  const results = await Promise.allSettled([
    publisher.publish([message("ok1")]),
    publisher.publish([message("too-large")]),
    publisher.publish([message("ok2")]),
  ]);
  assert.deepEqual(
    results.map((result) => result.status),
    ["fulfilled", "rejected", "fulfilled"],
  );

  let calls = 0;
  const unavailable = new BatchingPublisher({
    lingerMs: 5,
    maxBatchMessages: 1_000,
    maxBatchBytes: 1_000_000,
    send: async () => {
      calls += 1;
      throw new TransportError("broker down");
    },
  });
  const failed = await Promise.allSettled([unavailable.publish([message("x")]), unavailable.publish([message("y")])]);
  assert.deepEqual(
    failed.map((result) => result.status),
    ["rejected", "rejected"],
  );
  assert.equal(calls, 1, "a retryable failure is not retried per caller: the loop retries it");
});

test("flush waits for everything queued", async () => {
  let sent = 0;
  const publisher = new BatchingPublisher({
    lingerMs: 50,
    maxBatchMessages: 1_000,
    maxBatchBytes: 1_000_000,
    send: async (messages) => {
      sent += messages.length;
    },
  });
  void publisher.publish([message("a"), message("b")]);
  await publisher.flush();
  assert.equal(sent, 2);
});
