import { TransportError } from "@switchyard/kafka";
import type { ResultEvent } from "@switchyard/contracts";
import { loadCliConfig } from "../cli-config";
import type { CommandIo, CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readChoice, readFlag, readString } from "../command-line/read-options";
import { untilInterrupted } from "../command-line/until-interrupted";
import { closeKafkaQuietly, connectKafka, KAFKA_OPERATION_TIMEOUT_MS } from "../connections/connect-kafka";
import { withTransportTimeout } from "../connections/with-transport-timeout";
import { formatResultLine } from "../output/format-result";
import { decodeResult } from "../tasks/decode-result";

export async function runResultsCommand({ values, io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const taskId = readString(values, "task-id");
  const print = printer(io, readChoice(values, "format", ["text", "jsonl"] as const, readFlag(values, "json") ? "jsonl" : "text") === "jsonl");
  const logger = createCliLogger(config, io);
  const transport = await connectKafka(config, logger, { quiet: true });
  const topic = config.topics.results;
  try {
    // Reading a topic that does not exist would only retry (or, with the broker's
    // auto-create, make it): say so instead, and create nothing.
    const existing = await withTransportTimeout(transport.listTopics(), KAFKA_OPERATION_TIMEOUT_MS, "listing topics");
    if (!existing.includes(topic))
      throw new TransportError(
        `topic ${topic} does not exist on ${config.kafka.KAFKA_BROKERS.join(",")} (no router has run there yet, or TOPIC_RESULTS is misspelt)`,
      );
    if (!readFlag(values, "follow")) {
      const messages = await withTransportTimeout(transport.readTopic(topic), 2 * KAFKA_OPERATION_TIMEOUT_MS, `reading ${topic}`);
      let printed = 0;
      for (const message of messages) {
        const result = decodeResult(message);
        if (!result || (taskId !== undefined && result.taskId !== taskId)) continue;
        print(result);
        printed += 1;
      }
      io.stderr.write(`${printed} result${printed === 1 ? "" : "s"} in ${topic}\n`);
      return 0;
    }
    const subscription = await withTransportTimeout(
      transport.subscribe({
        topics: [topic],
        fromBeginning: readFlag(values, "from-beginning"),
        onMessage(message) {
          const result = decodeResult(message);
          if (result && (taskId === undefined || result.taskId === taskId)) print(result);
        },
      }),
      KAFKA_OPERATION_TIMEOUT_MS,
      `subscribing to ${topic}`,
    );
    io.stderr.write(`following ${topic} on ${config.kafka.KAFKA_BROKERS.join(",")} (Ctrl-C to stop)\n`);
    await untilInterrupted();
    await closeKafkaQuietly(transport, subscription);
    return 0;
  } finally {
    await closeKafkaQuietly(transport);
  }
}

function printer(io: CommandIo, json: boolean): (result: ResultEvent) => void {
  return (result) => io.stdout.write(json ? `${JSON.stringify(result)}\n` : `${formatResultLine(result)}\n`);
}
