import { createAnthropicProvider } from "@switchyard/llm";
import { redactUrl } from "@switchyard/platform";
import { startModelSimulator, type ModelSimulator } from "@switchyard/model-simulator";
import { loadRoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { untilInterrupted } from "../command-line/until-interrupted";
import { closeKafkaQuietly, connectKafka, KAFKA_OPERATION_TIMEOUT_MS } from "../connections/connect-kafka";
import { explainStoreError, openStore } from "../connections/open-store";
import { withTransportTimeout } from "../connections/with-transport-timeout";
import { startPipeline } from "../embedded/start-pipeline";

export async function runServeCommand({ io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const routing = loadRoutingConfig(config.routingConfigPath);
  const logger = createCliLogger(config, io);
  const { topics } = config;
  const transport = await connectKafka(config, logger, { quiet: false });
  const { store, target } = openStore(config, logger, undefined);
  let simulator: ModelSimulator | undefined;
  try {
    await withTransportTimeout(
      transport.ensureTopics(
        [topics.tasks, topics.results, topics.usage, topics.shadow, topics.shadowCandidates, topics.deadLetters, topics.alerts],
        config.topicPartitions,
      ),
      KAFKA_OPERATION_TIMEOUT_MS,
      "creating topics",
    );
    const { apiKey, baseUrl } = config.anthropic;
    if (apiKey === undefined && baseUrl === undefined) simulator = await startModelSimulator({ port: 0, logger });
    const provider = createAnthropicProvider({ apiKey: apiKey ?? "simulator", baseUrl: simulator?.url ?? baseUrl, logger });
    const pipeline = await startPipeline({
      transport,
      store,
      provider,
      routing,
      topics,
      logger,
      groupIds: config.groupIds,
      policyTopic: config.policyTopic,
    }).catch((error: unknown) => {
      throw explainStoreError(error, target);
    });
    const models =
      apiKey === undefined
        ? `the model simulator at ${redactUrl(simulator?.url ?? baseUrl ?? "")} (ANTHROPIC_API_KEY is not set)`
        : `the Anthropic API${baseUrl ? ` at ${redactUrl(baseUrl)}` : ""}`;
    io.stderr.write(
      [
        `switchyard serve: router, shadow and metrics sink running (Ctrl-C to stop)`,
        `  Kafka       ${config.kafka.KAFKA_BROKERS.join(",")}: ${topics.tasks} -> ${topics.results}`,
        `  ClickHouse  ${target.label}`,
        `  models      ${models}`,
        `  tiers       fast = ${routing.models.fast}, standard = ${routing.models.standard}, powerful = ${routing.models.powerful}`,
        "",
      ].join("\n"),
    );
    const signal = await untilInterrupted();
    io.stderr.write(`${signal}: stopping (finishing the tasks in flight)\n`);
    await pipeline.stop();
    return 0;
  } finally {
    await closeKafkaQuietly(transport);
    await store.close();
    await simulator?.close();
  }
}
