import { createKafkaTransport, kafkaOptionsFromEnvironment, type Subscription, type Transport } from "@switchyard/kafka";
import type { Logger } from "@switchyard/platform";
import type { CliConfig } from "../cli-config";
import { probeBrokers } from "./probe-brokers";
import { withTransportTimeout } from "./with-transport-timeout";

/** The longest a single Kafka operation (create topics, join a group, publish) may take in a command. */
export const KAFKA_OPERATION_TIMEOUT_MS = 30_000;

/**
 * A Kafka transport for the command line, after checking that a broker
 * answers. `quiet` (one-shot commands, which report their own failure in one
 * line) keeps kafkajs' retry chatter off stderr unless LOG_LEVEL is debug.
 */
export async function connectKafka(config: CliConfig, logger: Logger, options: { quiet: boolean }): Promise<Transport> {
  await probeBrokers(config.kafka.KAFKA_BROKERS, config.kafkaTimeoutMs);
  return createKafkaTransport({
    ...kafkaOptionsFromEnvironment(config.kafka, { clientId: "switchyard-cli" }),
    logger: options.quiet && !logger.isLevelEnabled("debug") ? logger.child({}, { level: "fatal" }) : logger,
    connectionTimeoutMs: config.kafkaTimeoutMs,
  });
}

/** Stops a reader and disconnects, bounded in time: the command's answer is already printed. */
export async function closeKafkaQuietly(transport: Transport, subscription?: Subscription): Promise<void> {
  await withTransportTimeout(
    (async () => {
      await subscription?.stop();
      await transport.close();
    })(),
    KAFKA_OPERATION_TIMEOUT_MS,
    "disconnecting from Kafka",
  ).catch(() => undefined);
}
