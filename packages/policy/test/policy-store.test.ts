import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEAD_LETTER_HEADERS } from "@switchyard/contracts";
import { createInMemoryTransport } from "@switchyard/kafka";
import { createLogger } from "@switchyard/platform";
import { resolveRoutingConfig } from "@switchyard/routing";
import { createPolicyStore, publishPolicyChange } from "../src";

const logger = createLogger({ name: "policy-store-test", level: "silent" });
const routing = resolveRoutingConfig({});
const draft = { changeId: "c-1", taskType: "campaign_summary", override: { tier: "fast" as const }, author: "operator:alice", reason: "test" };

describe("policy store on the in-process transport", () => {
  it("reads what the topic holds at start, follows new changes, and a second store reading later agrees", async () => {
    const transport = createInMemoryTransport();
    const writer = createPolicyStore({ transport, topic: "llm.policy", routing, deadLetterTopic: "llm.dlq", logger, reader: "writer" });
    await writer.start();
    const first = await publishPolicyChange({ transport, topic: "llm.policy", store: writer, draft });
    assert.equal(first.kind, "applied");
    const reader = createPolicyStore({ transport, topic: "llm.policy", routing, deadLetterTopic: "llm.dlq", logger, reader: "reader" });
    await reader.start();
    assert.equal(reader.current().version, 1, "caught up at start");
    const seen: number[] = [];
    reader.onChange((policy) => seen.push(policy.version));
    const second = await publishPolicyChange({ transport, topic: "llm.policy", store: writer, draft: { ...draft, changeId: "c-2", override: null } });
    assert.equal(second.event.policyVersion, 2);
    assert.ok(await reader.waitFor(() => reader.current().version === 2, 2_000));
    assert.deepEqual(seen, [2]);
    assert.deepEqual(reader.current().entries, {});
    await Promise.all([writer.stop(), reader.stop()]);
    await transport.close();
  });

  it("dead-letters a bad change that arrives live, ignores it, and reports a lost race as a conflict", async () => {
    const transport = createInMemoryTransport();
    const store = createPolicyStore({ transport, topic: "llm.policy", routing, deadLetterTopic: "llm.dlq", logger, reader: "router" });
    await store.start();
    await transport.publish([
      {
        topic: "llm.policy",
        key: "x",
        value: JSON.stringify({ version: 1, changeId: "bad", policyVersion: 1, taskType: "campaign_summary", override: { tier: "turbo" } }),
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const letters = await transport.readTopic("llm.dlq");
    assert.equal(letters.length, 1);
    assert.equal(letters[0]?.headers[DEAD_LETTER_HEADERS.errorCode], "event_invalid");
    assert.equal(letters[0]?.headers[DEAD_LETTER_HEADERS.consumerGroup], "policy-store:router");
    assert.equal(store.current().version, 0, "the policy in force stays");
    // Another writer takes version 1 first: this publish loses the race.
    await transport.publish([
      {
        topic: "llm.policy",
        key: "campaign_summary",
        value: JSON.stringify({ ...draft, version: 1, changeId: "other", policyVersion: 1, createdAt: "2026-11-30T10:00:00Z" }),
      },
    ]);
    // A writer that read the policy just before "other" arrived: its first look is stale.
    let looks = 0;
    const late = { ...store, current: () => (looks++ === 0 ? { version: 0, entries: {} } : store.current()) };
    const outcome = await publishPolicyChange({ transport, topic: "llm.policy", store: late, draft: { ...draft, changeId: "mine" } });
    assert.equal(outcome.kind, "conflict");
    assert.equal(store.current().entries.campaign_summary?.change.changeId, "other");
    await store.stop();
    await transport.close();
  });
});
