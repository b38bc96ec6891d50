import type { ResultEvent } from "@switchyard/contracts";
import { loadCliConfig } from "../cli-config";
import type { Command, CommandIo } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readFlag, readString } from "../command-line/read-options";
import { untilInterrupted } from "../command-line/until-interrupted";
import { closeKafkaQuietly, connectKafka, KAFKA_OPERATION_TIMEOUT_MS } from "../connections/connect-kafka";
import { withTransportTimeout } from "../connections/with-transport-timeout";
import { formatResultLine } from "../output/format-result";
import { decodeResult } from "../tasks/decode-result";

export const resultsCommand: Command = {
  name: "results",
  summary: "print the results on the results topic; --follow keeps printing new ones",
  usage: "switchyard results [--follow] [--from-beginning] [--task-id ID] [--json]",
  details: [
    "Without --follow, prints every result in TOPIC_RESULTS (default llm.results) from its beginning to its current end. " +
      "With --follow, prints results as they are published (add --from-beginning to start with the existing ones) until Ctrl-C. " +
      "Reads without a consumer group's commits: it never moves anyone's offsets. Creates the topic when it is missing, as the router does.",
  ],
  options: {
    follow: { type: "boolean", short: "F", description: "keep printing results as they arrive, until Ctrl-C" },
    "from-beginning": { type: "boolean", description: "with --follow: start with the results already in the topic" },
    "task-id": { type: "string", valueName: "ID", description: "only the result of this task" },
    json: { type: "boolean", description: "one result event per line, as JSON" },
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["switchyard results --follow", "switchyard results --task-id kw-000123 --json"],
  async run({ values, io }) {
    const config = loadCliConfig(io.environment);
    const taskId = readString(values, "task-id");
    const print = printer(io, readFlag(values, "json"));
    const logger = createCliLogger(config, io);
    const transport = await connectKafka(config, logger, { quiet: true });
    const topic = config.topics.results;
    try {
      // As the router does at start: reading a topic that does not exist yet would only retry.
      await withTransportTimeout(transport.ensureTopics([topic], config.topicPartitions), KAFKA_OPERATION_TIMEOUT_MS, `creating topic ${topic}`);
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
  },
};

function printer(io: CommandIo, json: boolean): (result: ResultEvent) => void {
  return (result) => io.stdout.write(json ? `${JSON.stringify(result)}\n` : `${formatResultLine(result)}\n`);
}
