import { createTopicsReliably } from "@switchyard/kafka";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel, type Admin, type Consumer, type Producer } from "kafkajs";
import { BROKERS, waitUntil } from "./bench-environment";

export { steadyRate } from "./steady-rate";

export interface OutgoingBenchMessage {
  key: string;
  value: string;
}

/** Plain kafkajs for the benchmarks: fills topics, reads them back with arrival times, and runs the baseline pipes. */
export class BenchKafka {
  readonly kafka = new Kafka({
    clientId: "switchyard-bench",
    brokers: BROKERS,
    logLevel: process.env.BENCH_KAFKA_LOG === "1" ? logLevel.ERROR : logLevel.NOTHING,
    retry: { retries: 10 },
  });
  private admin: Admin | null = null;
  private producer: Producer | null = null;
  private readonly consumers = new Set<Consumer>();
  private readonly topics = new Set<string>();
  private readonly groups = new Set<string>();

  async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      this.admin = this.kafka.admin();
      await this.admin.connect();
    }
    return this.admin;
  }

  async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await this.producer.connect();
    }
    return this.producer;
  }

  async createTopics(names: string[], partitions: number): Promise<void> {
    const admin = await this.connectedAdmin();
    await createTopicsReliably(
      admin,
      names.map((topic) => ({ topic, numPartitions: partitions })),
    );
    for (const name of names) this.topics.add(name);
  }

  /** Fills a topic as fast as the broker takes it, in large batches. */
  async fill(topic: string, messages: readonly OutgoingBenchMessage[]): Promise<void> {
    const producer = await this.connectedProducer();
    for (let start = 0; start < messages.length; start += 2_000) {
      await producer.send({ topic, acks: -1, messages: messages.slice(start, start + 2_000) });
    }
  }

  async send(topic: string, messages: readonly OutgoingBenchMessage[]): Promise<void> {
    const producer = await this.connectedProducer();
    await producer.send({ topic, acks: -1, messages: [...messages] });
  }

  /**
   * Records when each message of a topic arrives in this process (the
   * benchmark's clock), from the beginning of the topic.
   */
  async watch(topic: string, onMessage: (key: string, value: Buffer | null, arrivedAt: number) => void): Promise<() => Promise<void>> {
    const groupId = `switchyard-bench-watch-${randomUUID()}`;
    this.groups.add(groupId);
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100, maxBytesPerPartition: 4 * 1024 * 1024 });
    this.consumers.add(consumer);
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        const arrivedAt = performance.now();
        for (const message of batch.messages) onMessage(message.key?.toString("utf8") ?? "", message.value, arrivedAt);
      },
    });
    await waitUntil(() => joined, `a reader of ${topic} joined`, 60_000);
    return async () => {
      this.consumers.delete(consumer);
      await consumer.disconnect();
    };
  }

  /** A consumer in a group that commits, for the baseline pipes (returns the consumer to run). */
  consumer(groupId: string): Consumer {
    this.groups.add(groupId);
    const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 100, maxBytesPerPartition: 4 * 1024 * 1024 });
    this.consumers.add(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    for (const consumer of this.consumers) await consumer.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    const admin = await this.connectedAdmin();
    await admin.deleteTopics({ topics: [...this.topics] }).catch(() => undefined);
    await admin.deleteGroups([...this.groups]).catch(() => undefined);
    await admin.disconnect();
  }
}
