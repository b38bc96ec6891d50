import { configuredModelSettings } from "@switchyard/routing";
import { createKafkaTransport, kafkaOptionsFromEnvironment, type ConsumerLoop } from "@switchyard/kafka";
import { checkConfiguredModels, createAnthropicProvider, warnAboutModelEndpoint } from "@switchyard/llm";
import { followPolicy, type PolicyFollowing } from "@switchyard/policy";
import { onShutdownSignal, runMain, startServiceShell } from "@switchyard/platform";
import { startTracing } from "@switchyard/tracing";
import { loadShadowConfig } from "./config";
import { SHADOW_DEFAULTS } from "./shadow-defaults";
import { startShadow } from "./start-shadow";

runMain("shadow", async () => {
  const config = loadShadowConfig(process.env);
  let loop: ConsumerLoop | undefined = undefined;
  let policy: PolicyFollowing | undefined = undefined;
  const { logger, registry, startup, server } = await startServiceShell({
    name: "shadow",
    ...config,
    isReady: () => loop?.isReady() ?? false,
    isStarted: () => loop !== undefined,
  });
  const tracing = config.tracing ? await startTracing({ ...config.tracing, logger }) : undefined;
  warnAboutModelEndpoint(config.anthropic, logger);
  checkConfiguredModels({ models: configuredModelSettings(config.routing), allowRetired: config.routing.lifecycle.allowRetired, logger, registry });
  const transport = createKafkaTransport({
    ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-shadow" }),
    consumer: config.consumer,
    startup,
    logger,
  });
  onShutdownSignal(logger, async () => {
    startup.abort();
    await loop?.stop();
    await policy?.stop();
    await transport.close();
    await tracing?.shutdown();
    server.close();
  });
  const topics = config.topics;
  await transport.ensureTopics([topics.shadowCandidates, topics.shadow, topics.usage, topics.deadLetters], config.topicPartitions);
  // Like every router: the whole policy topic first, then live (a guard pair is planned on the policy in force).
  policy = await followPolicy({
    transport,
    policyTopic: config.policyTopic,
    routing: config.routing,
    deadLetterTopic: topics.deadLetters,
    logger,
    reader: "shadow",
  });
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
    policy: policy.store,
    ...(tracing ? { tracing } : {}),
  });
  logger.info({ groupId: config.groupId, topic: topics.shadowCandidates, maxInFlight: config.maxInFlight }, "shadow started");
});
