import { configuredModelSettings } from "@switchyard/routing";
import { createKafkaTransport, kafkaOptionsFromEnvironment, type ConsumerLoop } from "@switchyard/kafka";
import { checkConfiguredModels, createAnthropicProvider } from "@switchyard/llm";
import { StartupWait, createLogger, warnAboutModelEndpoint, createMetricsRegistry, onShutdownSignal, runMain, startOperationsServer } from "@switchyard/platform";
import { loadShadowConfig } from "./config";
import { SHADOW_DEFAULTS } from "./shadow-defaults";
import { startShadow } from "./start-shadow";

runMain("shadow", async () => {
  const config = loadShadowConfig(process.env);
  const logger = createLogger({ name: "shadow", level: config.logLevel, logContent: config.logContent });
  warnAboutModelEndpoint(config.anthropic, logger);
  const registry = createMetricsRegistry("shadow");
  checkConfiguredModels({ models: configuredModelSettings(config.routing), allowRetired: config.routing.lifecycle.allowRetired, logger, registry });
  // Up before any dependency is reached: /readyz says what the start is waiting for.
  const startup = new StartupWait({ maxWaitMs: config.startupMaxWaitMs, logger });
  let loop: ConsumerLoop | undefined = undefined;
  const server = await startOperationsServer({
    port: config.metricsPort,
    registry,
    isReady: () => loop?.isReady() ?? false,
    notReadyReason: () => startup.waitingFor() ?? (loop ? "rejoining its consumer group" : "starting"),
    logger,
  });
  const transport = createKafkaTransport({
    ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-shadow" }),
    consumer: config.consumer,
    startup,
    logger,
  });
  onShutdownSignal(logger, async () => {
    startup.abort();
    await loop?.stop();
    await transport.close();
    server.close();
  });
  const topics = config.topics;
  await transport.ensureTopics([topics.shadowCandidates, topics.shadow, topics.usage, topics.deadLetters], config.topicPartitions);
  loop = await startShadow({
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
  logger.info({ groupId: config.groupId, topic: topics.shadowCandidates, maxInFlight: config.maxInFlight }, "shadow started");
});
