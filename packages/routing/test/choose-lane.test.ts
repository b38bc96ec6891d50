import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TaskEventSchema, type TaskEventInput } from "@switchyard/contracts";
import { chooseLane, resolveRoutingConfig } from "../src/index";

const NOW = Date.parse("2026-11-30T12:00:00Z");
const config = resolveRoutingConfig({
  taskTypes: {
    nightly_digest: { dimensions: { inputTokenEstimate: 100, requiresReasoning: false, outputType: "free_form", accuracy: "standard" }, batchByDefault: true },
  },
});

function task(input: Partial<TaskEventInput>) {
  return TaskEventSchema.parse({ id: "t-1", type: "campaign_summary", messages: [{ role: "user", content: "x" }], maxTokens: 10, ...input });
}

describe("chooseLane", () => {
  it("sends a deadline at least 25 hours away to the batch lane and a closer one to sync", () => {
    assert.equal(chooseLane(task({ deadline: "2026-12-01T13:00:00Z" }), config, NOW, NOW).lane, "batch");
    assert.equal(chooseLane(task({ deadline: "2026-12-01T12:59:00Z" }), config, NOW, NOW).lane, "sync");
    assert.equal(chooseLane(task({ deadline: "30h" }), config, NOW, NOW).lane, "batch");
    assert.equal(chooseLane(task({ deadline: "6h" }), config, NOW, NOW).lane, "sync");
  });

  it("counts a duration from createdAt when the task has one, else from when it was published", () => {
    const decision = chooseLane(task({ deadline: "26h", createdAt: "2026-11-30T10:00:00Z" }), config, NOW, NOW);
    assert.equal(decision.deadlineAt, Date.parse("2026-12-01T12:00:00Z"));
    assert.equal(decision.lane, "sync");
    assert.equal(chooseLane(task({ deadline: "25h" }), config, NOW, NOW - 3_600_000).lane, "sync");
    assert.equal(chooseLane(task({ deadline: "25h" }), config, NOW, NOW).lane, "batch");
  });

  it("makes a passed deadline invalid instead of sending it anywhere", () => {
    const decision = chooseLane(task({ deadline: "2026-11-30T11:59:59Z" }), config, NOW, NOW);
    assert.match(decision.invalidReason ?? "", /deadline: 2026-11-30T11:59:59Z .* has already passed/);
    assert.match(chooseLane(task({ deadline: "1h" }), config, NOW, NOW - 2 * 3_600_000).invalidReason ?? "", /already passed/);
  });

  it("follows the type's batchByDefault without a deadline, and the margin is configurable", () => {
    assert.equal(chooseLane(task({ type: "nightly_digest" }), config, NOW, NOW).lane, "batch");
    assert.equal(chooseLane(task({}), config, NOW, NOW).lane, "sync");
    const tight = resolveRoutingConfig({ batch: { marginHours: 2 } });
    assert.equal(chooseLane(task({ deadline: "3h" }), tight, NOW, NOW).lane, "batch");
    const off = resolveRoutingConfig({ batch: { enabled: false } });
    assert.equal(chooseLane(task({ deadline: "30h" }), off, NOW, NOW).lane, "sync");
  });

  it("rejects a deadline that does not parse, with a reason naming the field", () => {
    for (const deadline of ["tomorrow", "6 hours", "6H", "2026-11-30", "-1h", "12345678h"]) {
      const parsed = TaskEventSchema.safeParse({ id: "t", type: "x", messages: [{ role: "user", content: "x" }], maxTokens: 1, deadline });
      assert.equal(parsed.success, false, deadline);
      assert.match(JSON.stringify(parsed.error?.issues), /ISO-8601 time with an offset/);
    }
  });
});
