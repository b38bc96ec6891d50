import { TransportError } from "./transport-error";
import { randomUUID } from "node:crypto";
import { Kafka, type Admin, type Consumer, type Message, type Producer, type SASLOptions } from "kafkajs";
import { StartupAbortedError, withTimeout, type Logger, type StartupWait } from "@switchyard/platform";
import { BatchingPublisher } from "./batching-publisher";
import { classifyKafkaStartupError, toTransportError } from "./classify-kafka-error";
import { createTopicsReliably } from "./create-topics-reliably";
import { groupByTopic, toIncomingMessage } from "./convert-kafka-message";
import { createKafkaJsLogCreator, kafkaJsLogLevel } from "./create-kafkajs-log-creator";
import { createKafkaConsumer, type KafkaConsumerSettings } from "./kafka-consumer";
import { createSocketFactory } from "./create-socket-factory";
import { resolveTopicSettings, type TopicSettings } from "./resolve-topic-settings";
import { createPinnedPartitioner, sendToEveryPartition } from "./send-to-every-partition";
import type { IncomingMessage, OutgoingMessage } from "./message";
import type { ConsumerOptions, SubscribeOptions, Subscription, Transport, TransportConsumer } from "./transport";

export interface KafkaSaslOptions {
  mechanism: "plain" | "scram-sha-256" | "scram-sha-512";
  username: string;
  password: string;
}

export interface KafkaTlsOptions {
  /** PEM certificates of the authorities to trust; the system's when absent. */
  ca?: string[];
  rejectUnauthorized?: boolean;
}

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** false or absent: plaintext; true: TLS with the system's authorities; an object: TLS with these settings. */
  ssl?: boolean | KafkaTlsOptions;
  sasl?: KafkaSaslOptions;
  logger: Logger;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  producer?: Partial<{ lingerMs: number; maxBatchMessages: number; maxBatchBytes: number }>;
  consumer?: Partial<KafkaConsumerSettings>;
  /** Replication, min ISR, retention and compression of the topics ensureTopics creates. */
  topics?: TopicSettings;
  /**
   * A service's start: creating topics and joining groups wait through
   * transient broker conditions within its bounded total wait. Without it,
   * each is tried once (after kafkajs' own retries).
   */
  startup?: StartupWait;
}

const READ_TOPIC_TIMEOUT_MS = 60_000;
const CLOSE_FLUSH_TIMEOUT_MS = 10_000;
const CLOSE_ADMIN_WAIT_MS = 1_000;

const DEFAULT_CONSUMER_SETTINGS: KafkaConsumerSettings = {
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  maxWaitTimeMs: 1_000,
  partitionsConsumedConcurrently: 8,
  // kafkajs' default: right for a consumer that keeps up with what it fetches (the sink).
  maxBytesPerPartition: 1024 * 1024,
};

/**
 * The Kafka transport: one idempotent producer (acks all, one request in
 * flight, as kafkajs' idempotence needs) behind a batching publisher, and
 * consumers with manual commits for runConsumerLoop.
 */
export function createKafkaTransport(options: KafkaTransportOptions): Transport {
  const logger = options.logger.child({ component: "kafka" });
  const kafka = new Kafka({
    brokers: options.brokers,
    clientId: options.clientId,
    ssl: options.ssl ?? false,
    ...(options.sasl ? { sasl: options.sasl as SASLOptions } : {}),
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    // Consumers, admin and producer connections: a broker restart takes seconds, not minutes.
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 8 },
    logLevel: kafkaJsLogLevel(options.logger),
    logCreator: createKafkaJsLogCreator(options.logger),
    socketFactory: createSocketFactory(),
  });
  const consumerSettings: KafkaConsumerSettings = { ...DEFAULT_CONSUMER_SETTINGS, ...options.consumer };

  let producer: Producer | null = null;
  let producerReady: Promise<Producer> | null = null;
  let admin: Promise<Admin> | null = null;
  const chosenPartitions = new WeakMap<Message, number>();
  const readers = new Set<Subscription>();

  function connectedProducer(): Promise<Producer> {
    producerReady ??= (async () => {
      const created = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: createPinnedPartitioner(chosenPartitions),
        // Idempotence wants unlimited retries; each send waits out a broker restart.
        retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: Number.MAX_SAFE_INTEGER },
      });
      await created.connect();
      producer = created;
      return created;
    })().catch((error: unknown) => {
      producerReady = null;
      throw error;
    });
    return producerReady;
  }

  function connectedAdmin(): Promise<Admin> {
    admin ??= (async () => {
      const created = kafka.admin();
      await created.connect();
      return created;
    })().catch((error: unknown) => {
      admin = null;
      throw error;
    });
    return admin;
  }

  const publisher = new BatchingPublisher({
    // No linger by default: with one request in flight, messages published while a send is under way
    // batch up for the next one anyway, so waiting only adds latency when the producer is idle (issue 19).
    lingerMs: options.producer?.lingerMs ?? 0,
    maxBatchMessages: options.producer?.maxBatchMessages ?? 1_000,
    maxBatchBytes: options.producer?.maxBatchBytes ?? 512 * 1024,
    send: async (messages: OutgoingMessage[]) => {
      try {
        const ready = await connectedProducer();
        await sendToEveryPartition(
          (topicMessages) => ready.sendBatch({ acks: -1, topicMessages }),
          groupByTopic(messages),
          chosenPartitions,
          (unsent) => logger.warn(unsent, "kafkajs answered without sending some partitions (their leader moved mid-send); sending them again"),
        );
      } catch (error) {
        throw error instanceof TransportError ? error : toTransportError("publish", error);
      }
    },
  });

  /** Each partition's offsets. Right after a topic is created a partition may have no leader yet ("not the leader"): a start waits it out. */
  async function topicOffsets(topic: string): Promise<Array<{ partition: number; low: string; high: string }>> {
    const fetch = async () => (await connectedAdmin()).fetchTopicOffsets(topic);
    return options.startup ? options.startup.until("kafka", fetch, classifyKafkaStartupError) : fetch();
  }

  async function endOffsetsOf(topics: readonly string[]): Promise<Array<{ topic: string; partition: number; offset: string }>> {
    const perTopic = await Promise.all(
      topics.map(async (topic) => (await topicOffsets(topic)).map((entry) => ({ topic, partition: entry.partition, offset: entry.high }))),
    );
    return perTopic.flat();
  }

  async function subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
    const groupId = `${options.clientId}-reader-${randomUUID()}`;
    const reader: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
    try {
      // "From now on" is from when this resolves. Left to kafkajs, a new group's latest offsets are
      // looked up at its first fetch, after run() returns: a message published in between (a task
      // whose result is then awaited) was skipped, every time in a test.
      const startAt = subscribeOptions.fromBeginning ? [] : await endOffsetsOf(subscribeOptions.topics);
      await reader.connect();
      await reader.subscribe({ topics: subscribeOptions.topics, fromBeginning: subscribeOptions.fromBeginning });
      // No commits: a reader leaves no offsets behind, and its group is deleted on stop.
      await reader.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const incoming = toIncomingMessage(topic, partition, message);
          try {
            await subscribeOptions.onMessage(incoming);
          } catch (error) {
            subscribeOptions.onError?.(error, incoming);
          }
        },
      });
      // Seeks wait for the first fetch, which starts from them.
      for (const position of startAt) reader.seek(position);
    } catch (error) {
      await reader.disconnect().catch(() => undefined);
      throw toTransportError(`subscribing to ${subscribeOptions.topics.join(", ")}`, error);
    }
    const subscription: Subscription = {
      async stop() {
        readers.delete(subscription);
        await reader.disconnect().catch(() => undefined);
        await connectedAdmin()
          .then((connected) => connected.deleteGroups([groupId]))
          .catch((error: unknown) => logger.debug({ err: error, groupId }, "could not delete a reader's group"));
      },
    };
    readers.add(subscription);
    return subscription;
  }

  return {
    kind: "kafka",

    publish: (messages) => publisher.publish(messages),

    createConsumer(consumerOptions: ConsumerOptions): TransportConsumer {
      return createKafkaConsumer(kafka, consumerOptions, consumerSettings, options.startup);
    },

    async ensureTopics(names, partitions, configs = {}) {
      const ensure = async () => {
        try {
          const connected = await connectedAdmin();
          const existing = new Set(await connected.listTopics());
          const missing = names.filter((name) => !existing.has(name));
          const { brokers } = await connected.describeCluster();
          const settings = resolveTopicSettings(options.topics ?? {}, brokers.length);
          const configEntries = Object.entries({ ...settings.configs, ...configs }).map(([name, value]) => ({ name, value }));
          // Every topic, not only the missing ones: one created a moment ago by another service may have no leader yet.
          await createTopicsReliably(
            connected,
            names.map((topic) => ({
              topic,
              numPartitions: partitions,
              replicationFactor: settings.replicationFactor,
              ...(configEntries.length > 0 ? { configEntries } : {}),
            })),
          );
          if (missing.length > 0) logger.info({ topics: missing, partitions, replicationFactor: settings.replicationFactor }, "created topics");
        } catch (error) {
          throw toTransportError(`creating topics ${names.join(", ")}`, error);
        }
      };
      await (options.startup ? options.startup.until("kafka", ensure, classifyKafkaStartupError) : ensure());
    },

    async listTopics() {
      try {
        return await (await connectedAdmin()).listTopics();
      } catch (error) {
        throw toTransportError("listing topics", error);
      }
    },

    async readTopic(topic) {
      let ends: Map<number, bigint>;
      try {
        const offsets = await topicOffsets(topic);
        ends = new Map(offsets.filter((entry) => BigInt(entry.high) > BigInt(entry.low)).map((entry) => [entry.partition, BigInt(entry.high)]));
      } catch (error) {
        // A start that gave up says so itself (exit code and /readyz); anything else is a transport failure.
        if (error instanceof StartupAbortedError) throw error;
        throw toTransportError(`reading ${topic}`, error);
      }
      if (ends.size === 0) return [];
      const messages: IncomingMessage[] = [];
      let reachedEnd: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        reachedEnd = resolve;
      });
      const subscription = await subscribe({
        topics: [topic],
        fromBeginning: true,
        onMessage(message) {
          const end = ends.get(message.partition);
          if (end === undefined || BigInt(message.offset) >= end) return;
          messages.push(message);
          if (BigInt(message.offset) === end - 1n) ends.delete(message.partition);
          if (ends.size === 0) reachedEnd();
        },
      });
      const outcome = await withTimeout(done, READ_TOPIC_TIMEOUT_MS, () => "timed out" as const);
      await subscription.stop();
      if (outcome === "timed out") {
        throw new TransportError(`reading ${topic} did not reach its end within ${READ_TOPIC_TIMEOUT_MS} ms`, {
          retryable: true,
        });
      }
      return messages.sort((left, right) => left.partition - right.partition || Number(BigInt(left.offset) - BigInt(right.offset)));
    },

    subscribe,

    async close() {
      // A broker that stays down must not hold the shutdown forever; unsent messages were never acknowledged.
      const flushed = await withTimeout(
        publisher.flush().then(() => true),
        CLOSE_FLUSH_TIMEOUT_MS,
        () => false,
      );
      if (!flushed) logger.warn({ timeoutMs: CLOSE_FLUSH_TIMEOUT_MS }, "closing with publishes still unacknowledged");
      await Promise.all([...readers].map((reader) => reader.stop()));
      await producer?.disconnect();
      producer = null;
      producerReady = null;
      // An admin still connecting (a broker away during the start) is not waited for: kafkajs' connection
      // retries would hold a shutdown for half a minute; the process is about to exit anyway.
      const connectedAdminClient = await withTimeout(admin?.catch(() => null) ?? Promise.resolve(null), CLOSE_ADMIN_WAIT_MS, () => null);
      admin = null;
      await connectedAdminClient?.disconnect();
    },
  };
}
