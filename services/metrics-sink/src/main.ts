import { createServerStore } from "@switchyard/clickhouse";
import { createKafkaTransport, kafkaOptionsFromEnvironment } from "@switchyard/kafka";
import { createLogger, createMetricsRegistry, onShutdownSignal, runMain, startOperationsServer } from "@switchyard/platform";
import { loadSinkConfig } from "./config";
import { startAlertDetector } from "./start-alert-detector";
import { startPolicyControl } from "./start-policy-control";
import { startSink } from "./start-sink";

runMain("metrics-sink", async () => {
  const config = loadSinkConfig(process.env);
  const logger = createLogger({ name: "metrics-sink", level: config.logLevel });
  const registry = createMetricsRegistry("metrics-sink");
  const transport = createKafkaTransport({ ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-metrics-sink" }), logger });
  const topics = config.topics;
  await transport.ensureTopics([topics.usage, topics.shadow, topics.deadLetters, topics.alerts], config.topicPartitions);
  const store = createServerStore({
    url: config.clickhouse.CLICKHOUSE_URL,
    username: config.clickhouse.CLICKHOUSE_USER,
    password: config.clickhouse.CLICKHOUSE_PASSWORD,
    database: config.clickhouse.CLICKHOUSE_DATABASE,
    logger,
  });
  const sink = await startSink({
    transport,
    store,
    topics,
    groupId: config.groupId,
    batch: config.batch,
    maxEventBytes: config.maxEventBytes,
    logger,
    registry,
  });
  const detector = config.alerts.enabled
    ? startAlertDetector({ store, transport, alertsTopic: topics.alerts, intervalMs: config.alerts.intervalMs, kSigma: config.alerts.kSigma, logger })
    : undefined;
  const policyControl = config.routing.policy.autoApply
    ? await startPolicyControl({ transport, store, routing: config.routing, policyTopic: config.policyTopic, alertsTopic: topics.alerts, deadLetterTopic: topics.deadLetters, logger })
    : undefined;
  const server = await startOperationsServer({ port: config.metricsPort, registry, isReady: () => sink.loop.isReady(), logger });
  logger.info({ groupId: config.groupId, database: config.clickhouse.CLICKHOUSE_DATABASE }, "metrics sink started");
  onShutdownSignal(logger, async () => {
    detector?.stop();
    await policyControl?.stop();
    await sink.stop();
    await transport.close();
    await store.close();
    server.close();
  });
});
