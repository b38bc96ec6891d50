import assert from "node:assert/strict";
import { test } from "node:test";
import { buildResultEvent } from "@switchyard/test-support";
import { explainRepeats, type HandOver } from "./hand-overs";

const T0 = Date.parse("2026-12-01T10:00:00.000Z");
const TASK = "c3-000001";
const positions = new Map([[TASK, { partition: 4, offset: 100n }]]);

/** An answer received at `receivedAt` (ms after T0) and completed `latencyMs` later. */
function answer(receivedAt: number, latencyMs: number) {
  return buildResultEvent({ taskId: TASK, latencyMs, completedAt: new Date(T0 + receivedAt + latencyMs).toISOString() });
}

function handOver(at: number, fromOffset = 90n, partition = 4): HandOver {
  return { router: "router[2]", partition, fromOffset, at: T0 + at };
}

function explain(answers: ReturnType<typeof answer>[], handOvers: HandOver[]) {
  return explainRepeats([TASK], new Map([[TASK, answers]]), positions, handOvers);
}

test("a repeat whose partition changed hands after the first answer is explained", () => {
  const { explained, unexplained } = explain([answer(0, 1_000), answer(3_000, 1_000)], [handOver(2_000)]);
  assert.deepEqual(unexplained, []);
  assert.equal(explained[0]?.answeredBeforeHandOverMs, 1_000);
});

test("a repeat whose new owner started while the old one's call was still in flight is explained", () => {
  // Eager rebalancing: the new owner fetched at 600 ms; the old owner's call, received at 0, answered at 1,000.
  const { explained, unexplained } = explain([answer(0, 1_000), answer(700, 1_000)], [handOver(600)]);
  assert.deepEqual(unexplained, []);
  assert.equal(explained[0]?.answeredBeforeHandOverMs, -400);
});

test("a hand-over before the first owner received the task does not explain a repeat", () => {
  const { unexplained } = explain([answer(1_000, 1_000), answer(3_000, 1_000)], [handOver(500)]);
  assert.deepEqual(unexplained, [TASK]);
});

test("a hand-over of another partition, or one starting past the task's offset, does not explain a repeat", () => {
  assert.deepEqual(explain([answer(0, 1_000), answer(3_000, 1_000)], [handOver(2_000, 90n, 5)]).unexplained, [TASK]);
  assert.deepEqual(explain([answer(0, 1_000), answer(3_000, 1_000)], [handOver(2_000, 101n)]).unexplained, [TASK]);
});

test("each repeat needs a hand-over of its own", () => {
  const answers = [answer(0, 1_000), answer(3_000, 1_000), answer(6_000, 1_000)];
  assert.deepEqual(explain(answers, [handOver(2_000)]).unexplained, [TASK]);
  assert.deepEqual(explain(answers, [handOver(2_000), handOver(5_000)]).unexplained, []);
});
