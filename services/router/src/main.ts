import { configuredModelSettings } from "@switchyard/routing";
import { createKafkaTransport, kafkaOptionsFromEnvironment } from "@switchyard/kafka";
import { checkConfiguredModels, createAnthropicProvider } from "@switchyard/llm";
import { createPolicyStore } from "@switchyard/policy";
import { createLogger, createMetricsRegistry, onShutdownSignal, runMain, startOperationsServer } from "@switchyard/platform";
import { loadRouterConfig } from "./config";
import { startRouter } from "./create-router";

runMain("router", async () => {
  const config = loadRouterConfig(process.env);
  const logger = createLogger({ name: "router", level: config.logLevel, logContent: config.logContent });
  if (config.anthropic.usesSimulator) {
    logger.warn({ baseUrl: config.anthropic.baseUrl }, "ANTHROPIC_API_KEY is not set: calling the model simulator");
  }
  const registry = createMetricsRegistry("router");
  checkConfiguredModels({ models: configuredModelSettings(config.routing), allowRetired: config.routing.lifecycle.allowRetired, logger, registry });
  const transport = createKafkaTransport({
    ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-router" }),
    consumer: config.consumer,
    logger,
  });
  const topics = config.topics;
  await transport.ensureTopics([topics.tasks, topics.results, topics.usage, topics.shadowCandidates, topics.deadLetters], config.topicPartitions);
  const policyStore = createPolicyStore({ transport, topic: config.policyTopic, routing: config.routing, deadLetterTopic: topics.deadLetters, logger, reader: "router" });
  await policyStore.start();
  const provider = createAnthropicProvider({ apiKey: config.anthropic.apiKey, baseUrl: config.anthropic.baseUrl, logger });
  const loop = await startRouter({
    transport,
    provider,
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
  });
  const server = await startOperationsServer({ port: config.metricsPort, registry, isReady: () => loop.isReady(), logger });
  logger.info({ groupId: config.groupId, topic: topics.tasks, maxInFlight: config.maxInFlight }, "router started");
  onShutdownSignal(logger, async () => {
    await loop.stop();
    await policyStore.stop();
    await transport.close();
    server.close();
  });
});
