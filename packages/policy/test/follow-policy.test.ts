import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ClickHouseStore } from "@switchyard/clickhouse";
import { createInMemoryTransport } from "@switchyard/kafka";
import { createLogger } from "@switchyard/platform";
import { resolveRoutingConfig } from "@switchyard/routing";
import { createPolicyStore, followPolicy, publishPolicyChange } from "../src";

const logger = createLogger({ name: "follow-policy-test", level: "silent" });
const draft = { changeId: "c-1", taskType: "campaign_summary", override: { tier: "fast" as const }, author: "operator:alice", reason: "test" };
// The controller is only built here, not run to a decision: nothing queries the store.
const unusedStore = {} as ClickHouseStore;

describe("followPolicy", () => {
  it("resolves caught up with the topic, and runs the controller only when asked and autoApply is on", async () => {
    const transport = createInMemoryTransport();
    const routing = resolveRoutingConfig({});
    const writer = createPolicyStore({ transport, topic: "llm.policy", routing, deadLetterTopic: "llm.dlq", logger, reader: "writer" });
    await writer.start();
    await publishPolicyChange({ transport, topic: "llm.policy", store: writer, draft });
    const control = { evidenceStore: unusedStore, alertsTopic: "llm.alerts" };

    const following = await followPolicy({ transport, policyTopic: "llm.policy", routing, deadLetterTopic: "llm.dlq", logger, reader: "router", control });
    assert.equal(following.store.current().version, 1, "caught up at start");
    assert.equal(following.controller, null, "autoApply is off by default");

    const autoApply = resolveRoutingConfig({ policy: { autoApply: true, checkIntervalSeconds: 3_600 } });
    const controlled = await followPolicy({
      transport,
      policyTopic: "llm.policy",
      routing: autoApply,
      deadLetterTopic: "llm.dlq",
      logger,
      reader: "c",
      control,
    });
    assert.notEqual(controlled.controller, null);
    const uncontrolled = await followPolicy({ transport, policyTopic: "llm.policy", routing: autoApply, deadLetterTopic: "llm.dlq", logger, reader: "r" });
    assert.equal(uncontrolled.controller, null, "no controller without control");

    await Promise.all([writer.stop(), following.stop(), controlled.stop(), uncontrolled.stop()]);
    await transport.close();
  });
});
