import { configuredModelSettings } from "@switchyard/routing";
import { createKafkaTransport, kafkaOptionsFromEnvironment } from "@switchyard/kafka";
import { checkConfiguredModels, createAnthropicProvider } from "@switchyard/llm";
import { createLogger, createMetricsRegistry, onShutdownSignal, runMain, startOperationsServer } from "@switchyard/platform";
import { loadShadowConfig } from "./config";
import { SHADOW_DEFAULTS } from "./shadow-defaults";
import { startShadow } from "./start-shadow";

runMain("shadow", async () => {
  const config = loadShadowConfig(process.env);
  const logger = createLogger({ name: "shadow", level: config.logLevel, logContent: config.logContent });
  if (config.anthropic.usesSimulator) {
    logger.warn({ baseUrl: config.anthropic.baseUrl }, "ANTHROPIC_API_KEY is not set: calling the model simulator");
  }
  const registry = createMetricsRegistry("shadow");
  checkConfiguredModels({ models: configuredModelSettings(config.routing), allowRetired: config.routing.lifecycle.allowRetired, logger, registry });
  const transport = createKafkaTransport({
    ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-shadow" }),
    consumer: config.consumer,
    logger,
  });
  const topics = config.topics;
  await transport.ensureTopics([topics.shadowCandidates, topics.shadow, topics.usage, topics.deadLetters], config.topicPartitions);
  const loop = await startShadow({
    transport,
    provider: createAnthropicProvider({ apiKey: config.anthropic.apiKey, baseUrl: config.anthropic.baseUrl, logger }),
    routing: config.routing,
    topics,
    groupId: config.groupId,
    maxInFlight: config.maxInFlight,
    retryPolicy: { ...SHADOW_DEFAULTS.retryPolicy, maxAttempts: config.maxAttemptsPerModel, attemptTimeoutMs: config.attemptTimeoutMs },
    logger,
    registry,
  });
  const server = await startOperationsServer({ port: config.metricsPort, registry, isReady: () => loop.isReady(), logger });
  logger.info({ groupId: config.groupId, topic: topics.shadowCandidates, maxInFlight: config.maxInFlight }, "shadow started");
  onShutdownSignal(logger, async () => {
    await loop.stop();
    await transport.close();
    server.close();
  });
});
