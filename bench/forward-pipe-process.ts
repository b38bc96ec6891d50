// The plain Kafka round trip's middle: a process that forwards every message of one topic to
// another with plain kafkajs (an idempotent producer, acks all, like the router's). Started by the
// added-latency benchmark with PIPE_INPUT, PIPE_OUTPUT, PIPE_GROUP and KAFKA_BROKERS; with
// PIPE_SIMULATOR_URL, each message is a task and the pipe first makes its model call with the SDK,
// as the router would, so that the router can be compared with Kafka plus the SDK's call.
import Anthropic from "@anthropic-ai/sdk";
import { Kafka, logLevel } from "kafkajs";

type ModelCall = (value: Buffer | null) => Promise<unknown>;

function buildModelCall(simulatorUrl: string | undefined): ModelCall | null {
  if (!simulatorUrl) return null;
  const client = new Anthropic({ apiKey: "bench", baseURL: simulatorUrl, maxRetries: 0 });
  return (value) => {
    const task = JSON.parse(value?.toString("utf8") ?? "{}") as { messages: Anthropic.MessageParam[]; maxTokens: number };
    return client.messages.create({ model: "claude-haiku-4-5", max_tokens: task.maxTokens, messages: task.messages });
  };
}

async function main(): Promise<void> {
  const input = process.env.PIPE_INPUT ?? "";
  const output = process.env.PIPE_OUTPUT ?? "";
  const callModel = buildModelCall(process.env.PIPE_SIMULATOR_URL);
  const kafka = new Kafka({
    clientId: "switchyard-bench-pipe",
    brokers: (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(","),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: process.env.PIPE_GROUP ?? "switchyard-bench-pipe", maxWaitTimeInMs: 1_000 });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [input], fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      const forward = () => producer.send({ topic: output, acks: -1, messages: [{ key: message.key, value: message.value }] });
      if (!callModel) {
        await forward();
        return;
      }
      // Calls overlap, as the router's do: a partition's next task does not wait for this call.
      void callModel(message.value)
        .then(forward)
        .catch((error: unknown) => process.stderr.write(`forward pipe: ${String(error)}\n`));
    },
  });
  process.stdout.write('{"msg":"pipe started"}\n');
  process.once("SIGTERM", () => {
    void consumer
      .disconnect()
      .then(() => producer.disconnect())
      .finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`forward pipe: ${String(error)}\n`);
  process.exit(1);
});
