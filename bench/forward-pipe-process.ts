// The plain Kafka round trip's middle: a process that forwards every message of one topic to
// another with plain kafkajs (an idempotent producer, acks all, like the router's). Started by the
// added-latency benchmark with PIPE_INPUT, PIPE_OUTPUT, PIPE_GROUP and KAFKA_BROKERS.
import { Kafka, logLevel } from "kafkajs";

async function main(): Promise<void> {
  const input = process.env.PIPE_INPUT ?? "";
  const output = process.env.PIPE_OUTPUT ?? "";
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
      await producer.send({ topic: output, acks: -1, messages: [{ key: message.key, value: message.value }] });
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
