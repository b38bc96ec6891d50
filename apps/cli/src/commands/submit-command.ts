import type { ResultEvent } from "@switchyard/contracts";
import type { Subscription } from "@switchyard/kafka";
import { routeTask, loadRoutingConfig } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { Command } from "../command-line/command";
import { KAFKA_CONNECTION_OPTIONS } from "../command-line/connection-options";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readChoice, readFlag, readInteger } from "../command-line/read-options";
import { closeKafkaQuietly, connectKafka, KAFKA_OPERATION_TIMEOUT_MS } from "../connections/connect-kafka";
import { withTransportTimeout } from "../connections/with-transport-timeout";
import { formatResult, RESULT_FORMATS } from "../output/format-result";
import { decodeResult } from "../tasks/decode-result";
import { readTaskInput } from "../tasks/read-task-input";

export const submitCommand: Command = {
  name: "submit",
  summary: "publish a task to the tasks topic; --wait prints its result",
  usage: "switchyard submit [file | -] [--type T --prompt TEXT] [--wait] [options]",
  details: [
    "The task comes from a JSON file (or - for standard input), from flags (--type with --prompt, or with the " +
      "prompt on standard input), or, with neither, from a JSON task typed at the terminal (end with Ctrl-D). " +
      "A missing id is generated. The task is checked against the task schema and the routing config " +
      "(SWITCHYARD_CONFIG) before anything is sent: an unknown task type is refused here.",
    "Publishes to KAFKA_BROKERS (topic TOPIC_TASKS, default llm.tasks). With --wait, prints the task's result from " +
      "TOPIC_RESULTS (default llm.results) once the router has answered; exits 1 when the result is an error.",
  ],
  options: {
    type: { type: "string", short: "t", valueName: "TYPE", description: "the task type, e.g. keyword_relevance" },
    prompt: { type: "string", short: "p", valueName: "TEXT", description: "the user message (default: standard input)" },
    system: { type: "string", valueName: "TEXT", description: "a system prompt" },
    "max-tokens": { type: "string", valueName: "N", description: "the answer's token limit (default 1024)" },
    tier: { type: "string", valueName: "TIER", description: "pin fast, standard or powerful (skips classification)" },
    id: { type: "string", valueName: "ID", description: "the task id (default: generated)" },
    metadata: { type: "string", short: "m", multiple: true, valueName: "key=value", description: "metadata carried to the result and usage, e.g. tenant=acme" },
    wait: { type: "boolean", short: "w", description: "wait for the result and print it" },
    timeout: { type: "string", valueName: "SECONDS", description: "how long --wait waits (default 120)" },
    json: { type: "boolean", description: "print the result event as JSON (as --format json)" },
    format: { type: "string", short: "f", valueName: "text|json|jsonl", description: "how --wait prints the result (default text); jsonl: one line" },
    ...KAFKA_CONNECTION_OPTIONS,
  },
  positionals: { minimum: 0, maximum: 1, names: "a task file, or - for standard input" },
  examples: [
    'switchyard submit --type keyword_relevance --prompt "Is \'trail shoes\' relevant to Acme trail running shoes?" --wait',
    "switchyard submit task.json --wait --json",
    `echo '{"type":"campaign_summary","messages":[{"role":"user","content":"…"}],"maxTokens":800}' | switchyard submit --wait`,
  ],
  async run({ values, positionals, io }) {
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
      await withTransportTimeout(transport.ensureTopics([topics.tasks, topics.results], config.topicPartitions), KAFKA_OPERATION_TIMEOUT_MS, `creating topics ${topics.tasks} and ${topics.results}`);
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
      await withTransportTimeout(transport.publish([{ topic: topics.tasks, key: task.id, value: JSON.stringify(task) }]), KAFKA_OPERATION_TIMEOUT_MS, `publishing to ${topics.tasks}`);
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
  },
};
