import type { ResultEvent } from "@switchyard/contracts";
import { DependencyUnavailableError } from "@switchyard/platform";
import { loadCliConfig } from "../cli-config";
import type { Command, CommandIo } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { KAFKA_CONNECTION_OPTIONS } from "../command-line/connection-options";
import { readChoice, readFlag, readString } from "../command-line/read-options";
import { untilInterrupted } from "../command-line/until-interrupted";
import { closeKafkaQuietly, connectKafka, KAFKA_OPERATION_TIMEOUT_MS } from "../connections/connect-kafka";
import { withTransportTimeout } from "../connections/with-transport-timeout";
import { formatResultLine } from "../output/format-result";
import { decodeResult } from "../tasks/decode-result";

export const resultsCommand: Command = {
  name: "results",
  summary: "print the results on the results topic; --follow keeps printing new ones",
  usage: "switchyard results [--follow] [--from-beginning] [--task-id ID] [--format text|jsonl] [-b BROKERS]",
  details: [
    "Without --follow, prints every result in TOPIC_RESULTS (default llm.results) from its beginning to its current end. " +
      "With --follow, prints results as they are published (add --from-beginning to start with the existing ones) until Ctrl-C. " +
      "Reads without a consumer group's commits: it never moves anyone's offsets. It never creates the topic: " +
      "when it is missing, the command says so (exit 1): a typo in TOPIC_RESULTS must not leave a new topic behind.",
  ],
  options: {
    follow: { type: "boolean", short: "F", description: "keep printing results as they arrive, until Ctrl-C" },
    "from-beginning": { type: "boolean", description: "with --follow: start with the results already in the topic" },
    "task-id": { type: "string", valueName: "ID", description: "only the result of this task" },
    format: { type: "string", short: "f", valueName: "text|jsonl", description: "one line per result: text (default) or the result event as JSON (JSON Lines)" },
    json: { type: "boolean", description: "the same as --format jsonl" },
    ...KAFKA_CONNECTION_OPTIONS,
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["switchyard results --follow", "switchyard results --task-id kw-000123 --format jsonl", "switchyard results -b broker-1:9092 --follow"],
  async run({ values, io }) {
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
      if (!existing.includes(topic)) throw new DependencyUnavailableError("transport_unavailable", `topic ${topic} does not exist on ${config.kafka.KAFKA_BROKERS.join(",")} (no router has run there yet, or TOPIC_RESULTS is misspelt)`);
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
