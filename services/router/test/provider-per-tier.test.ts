import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_TOPICS } from "@switchyard/contracts";
import { createInMemoryTransport } from "@switchyard/kafka";
import { DEFAULT_RETRY_POLICY } from "@switchyard/llm";
import { ConfigurationError } from "@switchyard/platform";
import { resolveRoutingConfig, type RoutingConfigInput } from "@switchyard/routing";
import { createScriptedProvider, createTestLogger, parseResults, waitUntil } from "@switchyard/test-support";
import { startRouter } from "../src/index";

const logger = createTestLogger("router-provider-test");

// The seam a second provider plugs into: a registered provider serves the tier the routing config gives it.
describe("a provider per tier", () => {
  const routingInput: RoutingConfigInput = { providers: { fast: "other-provider" }, shadow: { defaultRate: 0 } };
  const routing = resolveRoutingConfig(routingInput);

  it("the fast tier's calls go to the provider the config names, the other tiers' to the default one", async () => {
    const other = createScriptedProvider({ [routing.models.fast]: [{ text: '{"relevant":true}' }] });
    const anthropic = createScriptedProvider({ [routing.models.standard]: [{ text: "Clicks rose." }] });
    const transport = createInMemoryTransport();
    const loop = await startRouter({
      transport,
      provider: anthropic,
      providers: { "other-provider": other },
      routing,
      topics: DEFAULT_TOPICS,
      groupId: "router",
      maxInFlight: 4,
      maxTaskBytes: 1024 * 1024,
      retryPolicy: DEFAULT_RETRY_POLICY,
      logger,
    });
    try {
      const tasks = [
        { id: "kw-1", type: "keyword_relevance", messages: [{ role: "user", content: "trail shoes?" }], maxTokens: 50 },
        { id: "cs-1", type: "campaign_summary", messages: [{ role: "user", content: "This week?" }], maxTokens: 50 },
      ];
      await transport.publish(tasks.map((task) => ({ topic: DEFAULT_TOPICS.tasks, key: task.id, value: JSON.stringify(task) })));
      await waitUntil(async () => (await transport.readTopic(DEFAULT_TOPICS.results)).length === 2, "both tasks have a result", 10_000);
      const results = parseResults(await transport.readTopic(DEFAULT_TOPICS.results));
      const byId = new Map(results.map((result) => [result.taskId, result]));
      assert.deepEqual([byId.get("kw-1")?.status, byId.get("kw-1")?.tier, byId.get("kw-1")?.text], ["ok", "fast", '{"relevant":true}']);
      assert.deepEqual([byId.get("cs-1")?.status, byId.get("cs-1")?.tier, byId.get("cs-1")?.text], ["ok", "standard", "Clicks rose."]);
      assert.deepEqual(
        other.calls.map((call) => call.model),
        [routing.models.fast],
      );
      assert.deepEqual(
        anthropic.calls.map((call) => call.model),
        [routing.models.standard],
      );
    } finally {
      await loop.stop();
      await transport.close();
    }
  });

  it("a tier naming a provider nobody registered stops the router at start, naming the setting", async () => {
    await assert.rejects(
      startRouter({
        transport: createInMemoryTransport(),
        provider: createScriptedProvider({}),
        routing,
        topics: DEFAULT_TOPICS,
        groupId: "router",
        maxInFlight: 1,
        maxTaskBytes: 1024,
        retryPolicy: DEFAULT_RETRY_POLICY,
        logger,
      }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "providers.fast",
    );
  });

  it("the routing config refuses a provider name that is not one", () => {
    assert.throws(() => resolveRoutingConfig({ providers: { fast: "Not A Name" } }));
  });
});
