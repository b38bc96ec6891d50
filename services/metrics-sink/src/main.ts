import { createServerStore } from "@switchyard/clickhouse";
import { createKafkaTransport, kafkaOptionsFromEnvironment } from "@switchyard/kafka";
import { StartupWait, createLogger, createMetricsRegistry, onShutdownSignal, runMain, startOperationsServer } from "@switchyard/platform";
import { loadSinkConfig } from "./config";
import type { ConsumerLoop } from "@switchyard/kafka";
import { startAlertDetector, type AlertDetector } from "./start-alert-detector";
import { startAlertWebhook } from "./start-alert-webhook";
import { startPolicyControl, type PolicyControl } from "./start-policy-control";
import { startSink, type Sink } from "./start-sink";

runMain("metrics-sink", async () => {
  const config = loadSinkConfig(process.env);
  const logger = createLogger({ name: "metrics-sink", level: config.logLevel });
  const registry = createMetricsRegistry("metrics-sink");
  // Up before any dependency is reached: /readyz says what the start is waiting for.
  const startup = new StartupWait({ maxWaitMs: config.startupMaxWaitMs, logger });
  let sink: Sink | undefined = undefined;
  let detector: AlertDetector | undefined = undefined;
  let webhook: ConsumerLoop | undefined = undefined;
  let policyControl: PolicyControl | undefined = undefined;
  const server = await startOperationsServer({
    port: config.metricsPort,
    registry,
    isReady: () => (sink?.loop.isReady() ?? false) && (webhook?.isReady() ?? true),
    notReadyReason: () => startup.waitingFor() ?? (sink ? "rejoining its consumer group" : "starting"),
    logger,
  });
  const transport = createKafkaTransport({ ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-metrics-sink" }), startup, logger });
  const topics = config.topics;
  const store = createServerStore({
    url: config.clickhouse.CLICKHOUSE_URL,
    username: config.clickhouse.CLICKHOUSE_USER,
    password: config.clickhouse.CLICKHOUSE_PASSWORD,
    database: config.clickhouse.CLICKHOUSE_DATABASE,
    logger,
  });
  onShutdownSignal(logger, async () => {
    startup.abort();
    detector?.stop();
    await policyControl?.stop();
    await webhook?.stop();
    await sink?.stop();
    await transport.close();
    await store.close();
    server.close();
  });
  await transport.ensureTopics([topics.usage, topics.shadow, topics.deadLetters, topics.alerts], config.topicPartitions);
  sink = await startSink({
    transport,
    store,
    topics,
    groupId: config.groupId,
    batch: config.batch,
    maxEventBytes: config.maxEventBytes,
    logger,
    registry,
    startup,
  });
  detector = config.alerts.enabled
    ? startAlertDetector({ store, transport, alertsTopic: topics.alerts, intervalMs: config.alerts.intervalMs, kSigma: config.alerts.kSigma, logger })
    : undefined;
  webhook = config.webhook
    ? await startAlertWebhook({
        ...config.webhook,
        transport,
        alertsTopic: topics.alerts,
        deadLetterTopic: topics.deadLetters,
        retry: config.batch.retry,
        logger,
        registry,
      })
    : undefined;
  policyControl = config.routing.policy.autoApply
    ? await startPolicyControl({ transport, store, routing: config.routing, policyTopic: config.policyTopic, alertsTopic: topics.alerts, deadLetterTopic: topics.deadLetters, logger })
    : undefined;
  logger.info({ groupId: config.groupId, database: config.clickhouse.CLICKHOUSE_DATABASE }, "metrics sink started");
});
