import type { ResultEvent } from "@switchyard/contracts";
import type { Subscription } from "@switchyard/kafka";
import { routeTask, loadRoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readChoice, readFlag, readInteger } from "../command-line/read-options";
import { closeKafkaQuietly, connectKafka, KAFKA_OPERATION_TIMEOUT_MS } from "../connections/connect-kafka";
import { withTransportTimeout } from "../connections/with-transport-timeout";
import { formatResult, RESULT_FORMATS } from "../output/format-result";
import { decodeResult } from "../tasks/decode-result";
import { readTaskInput } from "../tasks/read-task-input";

export async function runSubmitCommand({ values, positionals, io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const routing = loadRoutingConfig(config.routingConfigPath);
  const wait = readFlag(values, "wait");
  const format = readChoice(values, "format", RESULT_FORMATS, readFlag(values, "json") ? "json" : "text");
  const timeoutMs = readInteger(values, "timeout", 120, 1, 86_400) * 1_000;
  const task = await readTaskInput(values, positionals, io);
  // The router's own decision: an unknown type fails here, before Kafka is involved.
  const decision = routeTask(task, routing);
  const logger = createCliLogger(config, io);
  const { topics } = config;
  const transport = await connectKafka(config, logger, { quiet: true });
  let subscription: Subscription | undefined;
  try {
    await withTransportTimeout(
      transport.ensureTopics([topics.tasks, topics.results], config.topicPartitions),
      KAFKA_OPERATION_TIMEOUT_MS,
      `creating topics ${topics.tasks} and ${topics.results}`,
    );
    let resolveResult: (result: ResultEvent) => void = () => undefined;
    const answered = new Promise<ResultEvent>((resolve) => {
      resolveResult = resolve;
    });
    if (wait) {
      // Subscribed before publishing, reading only what arrives from now on.
      subscription = await withTransportTimeout(
        transport.subscribe({
          topics: [topics.results],
          fromBeginning: false,
          onMessage(message) {
            if (message.key !== task.id) return;
            const result = decodeResult(message);
            if (result?.taskId === task.id) resolveResult(result);
          },
        }),
        KAFKA_OPERATION_TIMEOUT_MS,
        `subscribing to ${topics.results}`,
      );
    }
    await withTransportTimeout(
      transport.publish([{ topic: topics.tasks, key: task.id, value: JSON.stringify(task) }]),
      KAFKA_OPERATION_TIMEOUT_MS,
      `publishing to ${topics.tasks}`,
    );
    io.stderr.write(`submitted ${task.id} (${task.type}) to ${topics.tasks}; by this routing config it goes to ${decision.tier} (${decision.model})\n`);
    if (!wait) {
      io.stdout.write(`${task.id}\n`);
      return 0;
    }
    const result = await withTransportTimeout(answered, timeoutMs, `waiting for the result of ${task.id} on ${topics.results} (is the router running?)`);
    io.stdout.write(formatResult(result, format));
    return result.status === "ok" ? 0 : 1;
  } finally {
    await closeKafkaQuietly(transport, subscription);
  }
}
