import { createServerStore, serverStoreOptionsFromEnvironment } from "@switchyard/clickhouse";
import { createKafkaTransport, kafkaOptionsFromEnvironment } from "@switchyard/kafka";
import { onShutdownSignal, runMain, startServiceShell } from "@switchyard/platform";
import { startTracing } from "@switchyard/tracing";
import { loadSinkConfig } from "./config";
import type { ConsumerLoop } from "@switchyard/kafka";
import { startAlertDetector, type AlertDetector } from "./start-alert-detector";
import { startAlertWebhook } from "./start-alert-webhook";
import { followPolicy, POLICY_TOPIC_CONFIG, type PolicyFollowing } from "@switchyard/policy";
import { SINK_DEFAULTS } from "./sink-defaults";
import { startHistoryRecorder, type HistoryRecorder } from "./start-history-recorder";
import { startSink, type Sink } from "./start-sink";

runMain("metrics-sink", async () => {
  const config = loadSinkConfig(process.env);
  let sink: Sink | undefined = undefined;
  let detector: AlertDetector | undefined = undefined;
  let webhook: ConsumerLoop | undefined = undefined;
  let history: HistoryRecorder | undefined = undefined;
  let policyControl: PolicyFollowing | undefined = undefined;
  const { logger, registry, startup, server } = await startServiceShell({
    name: "metrics-sink",
    ...config,
    isReady: () => (sink?.loop.isReady() ?? false) && (history?.loop.isReady() ?? false) && (webhook?.isReady() ?? true),
    isStarted: () => sink !== undefined,
  });
  const tracing = config.tracing ? await startTracing({ ...config.tracing, logger }) : undefined;
  const transport = createKafkaTransport({ ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-metrics-sink" }), startup, logger });
  const topics = config.topics;
  const store = createServerStore({ ...serverStoreOptionsFromEnvironment(config.clickhouse), logger });
  onShutdownSignal(logger, async () => {
    startup.abort();
    detector?.stop();
    await policyControl?.stop();
    await webhook?.stop();
    await history?.stop();
    await sink?.stop();
    await transport.close();
    await store.close();
    await tracing?.shutdown();
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
    ...(tracing ? { tracing } : {}),
  });
  // The policy topic as its owner creates it (compacted, one partition), before the recorder subscribes.
  await transport.ensureTopics([config.policyTopic], 1, { ...POLICY_TOPIC_CONFIG });
  history = await startHistoryRecorder({
    transport,
    store,
    policyTopic: config.policyTopic,
    alertsTopic: topics.alerts,
    deadLetterTopic: topics.deadLetters,
    groupId: `${config.groupId}${SINK_DEFAULTS.historyGroupSuffix}`,
    batch: config.batch,
    maxEventBytes: config.maxEventBytes,
    logger,
    registry,
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
    ? await followPolicy({
        transport,
        policyTopic: config.policyTopic,
        routing: config.routing,
        deadLetterTopic: topics.deadLetters,
        logger,
        reader: "policy-controller",
        control: { evidenceStore: store, alertsTopic: topics.alerts },
      })
    : undefined;
  logger.info({ groupId: config.groupId, database: config.clickhouse.CLICKHOUSE_DATABASE }, "metrics sink started");
});
