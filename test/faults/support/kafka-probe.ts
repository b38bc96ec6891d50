import { createPinnedPartitioner, createTopicsReliably, resolveTopicSettings, sendToEveryPartition } from "@switchyard/kafka";
import { randomUUID } from "node:crypto";
import { Kafka, logLevel, type Admin, type Consumer, type IHeaders, type Message, type Producer } from "kafkajs";
import { sleep, waitUntil } from "./fault-environment";

/** A message as the probe read it back. */
export interface ProbedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

export interface OutgoingProbeMessage {
  key: string;
  value: string | Buffer;
  headers?: Record<string, string>;
}

const READ_TIMEOUT_MS = 120_000;
/** Between attempts to replace a watcher's consumer that kafkajs gave up on. */
const RESTART_DELAY_MS = 1_000;

/**
 * The suite's own view of the broker, on plain kafkajs and independent of
 * @switchyard/kafka: it sends the tasks and reads back what the services wrote.
 */
export class KafkaProbe {
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private adminReady: Promise<Admin> | null = null;
  private producer: Producer | null = null;
  /** The partition kafkajs picked for each message sent (the answer must name every one). */
  private readonly chosenPartitions = new WeakMap<Message, number>();
  /** Partitions a send resolved without writing (kafkajs 2.2.4 on a leader move), each sent again. */
  unsentPartitions = 0;
  private readonly watchers = new Set<TopicWatcher>();

  constructor(readonly brokers: string[]) {
    this.kafka = new Kafka({
      clientId: "switchyard-fault-probe",
      brokers,
      connectionTimeout: 3_000,
      requestTimeout: 30_000,
      // Survives a broker restart of a few seconds.
      retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 30 },
      logLevel: logLevel.NOTHING,
    });
  }

  // Memoised while connecting: two first callers at once must share one admin (a second one would leak and keep the process alive).
  private connectedAdmin(): Promise<Admin> {
    this.adminReady ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
      return admin;
    })().catch((error: unknown) => {
      this.adminReady = null;
      throw error;
    });
    return this.adminReady;
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const chosen = this.chosenPartitions;
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        retry: { retries: 30, maxRetryTime: 5_000 },
        createPartitioner: createPinnedPartitioner(chosen),
      });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  async createTopics(names: string[], partitions: number): Promise<void> {
    const admin = await this.connectedAdmin();
    // As the services create theirs: replicated min(3, brokers) times, min ISR 2 at factor 3.
    const { replicationFactor, configs } = resolveTopicSettings({}, (await admin.describeCluster()).brokers.length);
    const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value }));
    await createTopicsReliably(
      admin,
      names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor, configEntries })),
    );
  }

  async deleteTopics(names: string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const present = names.filter((name) => existing.has(name));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  }

  async deleteGroups(groups: string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    await admin.deleteGroups(groups).catch(() => undefined);
  }

  /**
   * Sends in chunks; resolves once the broker acknowledged every message. A
   * kafkajs send can resolve without writing a partition whose leader moved to
   * a broker that had already answered: those messages are sent again (the
   * same ones, so the same idempotent sequence numbers).
   */
  async send(topic: string, messages: OutgoingProbeMessage[]): Promise<void> {
    const producer = await this.connectedProducer();
    for (let start = 0; start < messages.length; start += 500) {
      const chunk: Message[] = messages.slice(start, start + 500).map((message) => ({ ...message }));
      await sendToEveryPartition(
        (topicMessages) => producer.sendBatch({ acks: -1, topicMessages }),
        [{ topic, messages: chunk }],
        this.chosenPartitions,
        (unsent) => (this.unsentPartitions += unsent.partitions.length),
      );
    }
  }

  /** Committed next-offset per partition of a group (absent: nothing committed). */
  async committedOffsets(groupId: string, topic: string): Promise<Map<number, bigint>> {
    const admin = await this.connectedAdmin();
    const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const offsets = new Map<number, bigint>();
    for (const partition of entry?.partitions ?? []) if (BigInt(partition.offset) >= 0n) offsets.set(partition.partition, BigInt(partition.offset));
    return offsets;
  }

  async endOffsets(topic: string): Promise<Map<number, bigint>> {
    const admin = await this.connectedAdmin();
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((entry) => [entry.partition, BigInt(entry.high)]));
  }

  /** Every message of a topic, from its beginning to its end at the time of the call. */
  async readAll(topic: string): Promise<ProbedMessage[]> {
    const ends = new Map([...(await this.endOffsets(topic))].filter(([, end]) => end > 0n));
    if (ends.size === 0) return [];
    const messages: ProbedMessage[] = [];
    const remaining = new Map(ends);
    const watcher = await this.watch(topic, (message) => {
      const end = ends.get(message.partition);
      if (end === undefined || message.offset >= end) return;
      messages.push(message);
      if (message.offset >= end - 1n) remaining.delete(message.partition);
    });
    try {
      await waitUntil(
        () => remaining.size === 0,
        `reading ${topic} to its end`,
        READ_TIMEOUT_MS,
        () => `${messages.length} read`,
      );
    } finally {
      await watcher.stop();
    }
    return messages.sort((left, right) => left.partition - right.partition || (left.offset < right.offset ? -1 : 1));
  }

  /** A live reader from the beginning of a topic, in a throw-away group that commits nothing. */
  /**
   * Follows a topic from the beginning, each record handed over once. kafkajs
   * gives up on a non-retriable error (no group coordinator while a broker
   * restarts, for one): a new consumer then takes over, reading from the
   * beginning again (nothing is committed), and records already seen are skipped.
   */
  async watch(topic: string, onMessage: (message: ProbedMessage) => void): Promise<TopicWatcher> {
    const groupId = `switchyard-fault-probe-${randomUUID()}`;
    const seen = new Set<string>();
    const watcher = new TopicWatcher(async () => {
      this.watchers.delete(watcher);
      await this.deleteGroups([groupId]);
    });
    const start = async (): Promise<Consumer> => {
      const consumer = this.kafka.consumer({ groupId, maxWaitTimeInMs: 250, sessionTimeout: 30_000 });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) void replace(consumer);
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          const position = `${partition}:${message.offset}`;
          if (seen.has(position)) return;
          seen.add(position);
          onMessage({
            topic,
            partition,
            offset: BigInt(message.offset),
            key: message.key ? message.key.toString("utf8") : null,
            value: message.value,
            headers: readHeaders(message.headers),
          });
        },
      });
      return consumer;
    };
    const replace = async (crashed: Consumer): Promise<void> => {
      await crashed.disconnect().catch(() => undefined);
      while (!watcher.stopped) {
        const started = await start().catch(() => null);
        if (started) return watcher.follow(started);
        await sleep(RESTART_DELAY_MS);
      }
    };
    await watcher.follow(await start());
    this.watchers.add(watcher);
    return watcher;
  }

  async close(): Promise<void> {
    await Promise.all([...this.watchers].map((watcher) => watcher.stop()));
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = null;
    this.admin = null;
    this.adminReady = null;
  }
}

export class TopicWatcher {
  stopped = false;
  private consumer: Consumer | null = null;

  constructor(private readonly cleanUp: () => Promise<void>) {}

  /** The consumer now following the topic (a replacement after a crash); stopped at once if the watcher was. */
  async follow(consumer: Consumer): Promise<void> {
    this.consumer = consumer;
    if (this.stopped) await consumer.disconnect().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.cleanUp().catch(() => undefined);
  }
}

function readHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}
