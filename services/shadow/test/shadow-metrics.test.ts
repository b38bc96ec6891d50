import assert from "node:assert/strict";
import test from "node:test";
import { Registry } from "@switchyard/platform";
import { buildShadowEvent } from "@switchyard/test-support";
import { createShadowMetrics } from "../src/shadow-metrics";

test("comparisons are counted by task type, capping the types a producer names beyond the configured ones", async () => {
  const registry = new Registry();
  const metrics = createShadowMetrics(registry, ["campaign_summary"]);
  for (let index = 0; index < 120; index += 1) metrics.record(buildShadowEvent({ type: `made-up-${index}` }));
  metrics.record(buildShadowEvent({ type: "campaign_summary", verdict: "agree" }));
  metrics.record(buildShadowEvent({ type: "campaign_summary", verdict: "agree" }));
  const values = (await registry.getSingleMetric("switchyard_shadow_comparisons_total")?.get())?.values ?? [];
  const types = new Set(values.map((value) => String(value.labels.task_type)));
  assert.equal(types.size, 102, "100 made-up types, other, and the configured type");
  assert.equal(values.find((value) => value.labels.task_type === "other")?.value, 20);
  assert.equal(values.find((value) => value.labels.task_type === "campaign_summary" && value.labels.verdict === "agree")?.value, 2);
});
