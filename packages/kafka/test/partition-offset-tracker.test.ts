import { test } from "node:test";
import assert from "node:assert/strict";
import { PartitionOffsetTracker } from "../src/index";

test("the commit point is the lowest unfinished offset when work finishes out of order", () => {
  const tracker = new PartitionOffsetTracker();
  for (const offset of ["10", "11", "12", "13"]) assert.equal(tracker.take(offset), true);
  assert.equal(tracker.commitPoint(), "10");
  tracker.finish("12");
  tracker.finish("11");
  assert.equal(tracker.commitPoint(), "10", "offset 10 is unfinished, so nothing past it may be committed");
  tracker.finish("10");
  assert.equal(tracker.commitPoint(), "13");
  tracker.finish("13");
  assert.equal(tracker.commitPoint(), "14", "all done: commit the next offset to consume");
  assert.equal(tracker.unfinishedCount(), 0);
});

test("gaps in offsets (compaction, transaction markers) do not block the commit point", () => {
  const tracker = new PartitionOffsetTracker();
  tracker.take("5");
  tracker.take("9");
  tracker.finish("9");
  assert.equal(tracker.commitPoint(), "5");
  tracker.finish("5");
  assert.equal(tracker.commitPoint(), "10");
});

test("offsets below the last taken one are recognised as taken (re-fetch after a rebalance)", () => {
  const tracker = new PartitionOffsetTracker();
  assert.equal(tracker.commitPoint(), null);
  tracker.take("0");
  tracker.take("1");
  assert.equal(tracker.isTaken("0"), true);
  assert.equal(tracker.isTaken("2"), false);
  assert.equal(tracker.take("1"), false);
});

test("needsCommit is true only when the commit point moved past the last commit", () => {
  const tracker = new PartitionOffsetTracker();
  tracker.take("0");
  tracker.take("1");
  assert.equal(tracker.needsCommit(), false, "nothing finished yet: nothing to commit");
  tracker.finish("0");
  assert.equal(tracker.needsCommit(), true);
  tracker.markCommitted("1");
  assert.equal(tracker.uncommittedCount(), 1);
  tracker.finish("1");
  tracker.markCommitted("2");
  assert.equal(tracker.needsCommit(), false);
  assert.equal(tracker.uncommittedCount(), 0);
  assert.equal(tracker.lastCommitted(), "2");
});

test("a long run keeps memory to the unfinished window", () => {
  const tracker = new PartitionOffsetTracker();
  for (let offset = 0; offset < 10_000; offset += 1) {
    tracker.take(String(offset));
    if (offset > 0) tracker.finish(String(offset));
  }
  assert.equal(tracker.commitPoint(), "0");
  tracker.finish("0");
  assert.equal(tracker.commitPoint(), "10000");
  assert.equal(tracker.unfinishedCount(), 0);
});
