import type { ClickHouseStore } from "@switchyard/clickhouse";
import { configuredModelSettings, listBudgets } from "@switchyard/routing";
import { createKafkaTransport, kafkaOptionsFromEnvironment, type ConsumerLoop } from "@switchyard/kafka";
import { checkConfiguredModels, createAnthropicBatchProvider, createAnthropicProvider, warnAboutModelEndpoint } from "@switchyard/llm";
import { followPolicy, type PolicyFollowing } from "@switchyard/policy";
import { onShutdownSignal, runMain, startServiceShell } from "@switchyard/platform";
import { startTracing } from "@switchyard/tracing";
import { loadRouterConfig } from "./config";
import { startRouter } from "./create-router";

runMain("router", async () => {
  const config = loadRouterConfig(process.env);
  let loop: ConsumerLoop | undefined = undefined;
  let store: ClickHouseStore | null = null;
  let policy: PolicyFollowing | undefined = undefined;
  const { logger, registry, startup, server } = await startServiceShell({
    name: "router",
    ...config,
    isReady: () => loop?.isReady() ?? false,
    isStarted: () => loop !== undefined,
  });
  const tracing = config.tracing ? await startTracing({ ...config.tracing, logger }) : undefined;
  warnAboutModelEndpoint(config.anthropic, logger);
  checkConfiguredModels({ models: configuredModelSettings(config.routing), allowRetired: config.routing.lifecycle.allowRetired, logger, registry });
  const transport = createKafkaTransport({
    ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-router" }),
    consumer: config.consumer,
    startup,
    logger,
  });
  onShutdownSignal(logger, async () => {
    startup.abort();
    await loop?.stop();
    await policy?.stop();
    await transport.close();
    await store?.close();
    await tracing?.shutdown();
    server.close();
  });
  const topics = config.topics;
  // Budget alerts go to the alerts topic too.
  await transport.ensureTopics(
    [topics.tasks, topics.results, topics.usage, topics.shadowCandidates, topics.deadLetters, topics.alerts],
    config.topicPartitions,
  );
  await transport.ensureTopics([topics.batches], 1, { "cleanup.policy": "compact" });
  policy = await followPolicy({
    transport,
    policyTopic: config.policyTopic,
    routing: config.routing,
    deadLetterTopic: topics.deadLetters,
    logger,
    reader: "router",
  });
  const provider = createAnthropicProvider({ apiKey: config.anthropic.apiKey, baseUrl: config.anthropic.baseUrl, logger });
  // Budgets read every instance's spend from the sink's rollup. Loaded only then: the
  // ClickHouse package also loads the embedded engine, which a router without budgets never needs.
  const withBudgets = listBudgets(config.routing.budgets).length > 0;
  store = withBudgets
    ? await import("@switchyard/clickhouse").then(({ createServerStore, serverStoreOptionsFromEnvironment }) =>
        createServerStore({ ...serverStoreOptionsFromEnvironment(config.clickhouse), logger }),
      )
    : null;
  const readStoredSpend = store ? (await import("./stored-spend-reader.js")).storedSpendReader(store, config.routing.budgets) : null;
  loop = await startRouter({
    transport,
    provider,
    batchProvider: createAnthropicBatchProvider({ apiKey: config.anthropic.apiKey, baseUrl: config.anthropic.baseUrl, logger }),
    routing: config.routing,
    topics,
    groupId: config.groupId,
    maxInFlight: config.maxInFlight,
    maxTaskBytes: config.maxTaskBytes,
    maxCandidateBytes: config.maxCandidateBytes,
    retryPolicy: { ...config.retry, maxAttempts: config.retry.maxAttemptsPerModel },
    logger,
    registry,
    policy: policy.store.current,
    budgets: {
      deferredTopic: config.deferredTopic,
      deferredTopicPartitions: config.topicPartitions,
      ...(readStoredSpend ? { readStoredSpend } : {}),
    },
    ...(tracing ? { tracing } : {}),
  });
  logger.info({ groupId: config.groupId, topic: topics.tasks, maxInFlight: config.maxInFlight }, "router started");
});
