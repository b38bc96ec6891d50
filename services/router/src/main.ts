import type { ClickHouseStore } from "@switchyard/clickhouse";
import { configuredModelSettings, listBudgets } from "@switchyard/routing";
import { createKafkaTransport, kafkaOptionsFromEnvironment, type ConsumerLoop } from "@switchyard/kafka";
import { checkConfiguredModels, createAnthropicBatchProvider, createAnthropicProvider } from "@switchyard/llm";
import { createPolicyStore, type PolicyStore } from "@switchyard/policy";
import { StartupWait, createLogger, warnAboutModelEndpoint, createMetricsRegistry, onShutdownSignal, runMain, startOperationsServer } from "@switchyard/platform";
import { loadRouterConfig } from "./config";
import { startRouter } from "./create-router";

runMain("router", async () => {
  const config = loadRouterConfig(process.env);
  const logger = createLogger({ name: "router", level: config.logLevel, logContent: config.logContent });
  warnAboutModelEndpoint(config.anthropic, logger);
  const registry = createMetricsRegistry("router");
  checkConfiguredModels({ models: configuredModelSettings(config.routing), allowRetired: config.routing.lifecycle.allowRetired, logger, registry });
  // Up before any dependency is reached: /readyz says what the start is waiting for.
  const startup = new StartupWait({ maxWaitMs: config.startupMaxWaitMs, logger });
  let loop: ConsumerLoop | undefined = undefined;
  let store: ClickHouseStore | null = null;
  let policyStore: PolicyStore | undefined = undefined;
  const server = await startOperationsServer({
    port: config.metricsPort,
    registry,
    isReady: () => loop?.isReady() ?? false,
    notReadyReason: () => startup.waitingFor() ?? (loop ? "rejoining its consumer group" : "starting"),
    logger,
  });
  const transport = createKafkaTransport({
    ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-router" }),
    consumer: config.consumer,
    startup,
    logger,
  });
  onShutdownSignal(logger, async () => {
    startup.abort();
    await loop?.stop();
    await policyStore?.stop();
    await transport.close();
    await store?.close();
    server.close();
  });
  const topics = config.topics;
  // Budget alerts go to the alerts topic too.
  await transport.ensureTopics([topics.tasks, topics.results, topics.usage, topics.shadowCandidates, topics.deadLetters, topics.alerts], config.topicPartitions);
  await transport.ensureTopics([topics.batches], 1, { "cleanup.policy": "compact" });
  policyStore = createPolicyStore({ transport, topic: config.policyTopic, routing: config.routing, deadLetterTopic: topics.deadLetters, logger, reader: "router" });
  await policyStore.start();
  const provider = createAnthropicProvider({ apiKey: config.anthropic.apiKey, baseUrl: config.anthropic.baseUrl, logger });
  // Budgets read every instance's spend from the sink's rollup. Loaded only then: the
  // ClickHouse package also loads the embedded engine, which a router without budgets never needs.
  const withBudgets = listBudgets(config.routing.budgets).length > 0;
  store = withBudgets
    ? (await import("@switchyard/clickhouse")).createServerStore({
        url: config.clickhouse.CLICKHOUSE_URL,
        username: config.clickhouse.CLICKHOUSE_USER,
        password: config.clickhouse.CLICKHOUSE_PASSWORD,
        database: config.clickhouse.CLICKHOUSE_DATABASE,
        logger,
      })
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
    policy: policyStore.current,
    budgets: {
      deferredTopic: config.deferredTopic,
      deferredTopicPartitions: config.topicPartitions,
      ...(readStoredSpend ? { readStoredSpend } : {}),
    },
  });
  logger.info({ groupId: config.groupId, topic: topics.tasks, maxInFlight: config.maxInFlight }, "router started");
});

