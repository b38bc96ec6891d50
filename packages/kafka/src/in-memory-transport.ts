import { InMemoryBroker } from "./in-memory-broker";
import { InMemoryConsumer } from "./in-memory-consumer";
import type { IncomingMessage, TopicPartition } from "./message";
import type { SubscribeOptions, Subscription, Transport } from "./transport";

export interface InMemoryTransportOptions {
  /** Partitions of a topic created on first use (ensureTopics sets its own). Default 3. */
  defaultPartitions?: number;
  /** Largest batch handed to a consumer at once. Default 500. */
  maxBatchMessages?: number;
}

export interface InMemoryTransport extends Transport {
  readonly kind: "in-memory";
  /** The group's committed offset (the next one to consume) of a partition, if any. */
  committedOffset(groupId: string, topicPartition: TopicPartition): number | undefined;
}

/**
 * The embedded mode's transport: Kafka's delivery semantics in one process
 * (partitions by key hash, consumer groups with committed offsets,
 * at-least-once redelivery of what was not committed).
 */
export function createInMemoryTransport(options: InMemoryTransportOptions = {}): InMemoryTransport {
  const broker = new InMemoryBroker(options.defaultPartitions ?? 3);
  const maxBatchMessages = options.maxBatchMessages ?? 500;
  const readers = new Set<Subscription>();

  async function subscribe(subscribeOptions: SubscribeOptions): Promise<Subscription> {
    const positions = new Map<string, number>();
    for (const topic of subscribeOptions.topics) {
      for (const topicPartition of broker.partitionsOf(topic)) {
        positions.set(`${topic}/${topicPartition.partition}`, subscribeOptions.fromBeginning ? 0 : broker.log(topicPartition).length);
      }
    }
    let stopped = false;
    let reading: Promise<void> = Promise.resolve();
    // Delivers in order, one message at a time, like a single kafkajs eachMessage consumer.
    const readNew = async () => {
      for (const topic of subscribeOptions.topics) {
        for (const topicPartition of broker.partitionsOf(topic)) {
          const key = `${topic}/${topicPartition.partition}`;
          const log = broker.log(topicPartition);
          let position = positions.get(key) ?? 0;
          while (!stopped && position < log.length) {
            const message = log[position] as IncomingMessage;
            position += 1;
            positions.set(key, position);
            try {
              await subscribeOptions.onMessage(message);
            } catch (error) {
              subscribeOptions.onError?.(error, message);
            }
          }
        }
      }
    };
    const schedule = () => {
      reading = reading.then(readNew);
    };
    const unsubscribe = broker.onChange(schedule);
    schedule();
    const subscription: Subscription = {
      async stop() {
        stopped = true;
        unsubscribe();
        readers.delete(subscription);
        await reading.catch(() => undefined);
      },
    };
    readers.add(subscription);
    return subscription;
  }

  return {
    kind: "in-memory",

    async publish(messages) {
      for (const message of messages) broker.append(message);
      broker.notify();
    },

    createConsumer(consumerOptions) {
      return new InMemoryConsumer(broker, consumerOptions, maxBatchMessages);
    },

    async ensureTopics(names, partitions) {
      for (const name of names) broker.ensureTopic(name, partitions);
    },

    async listTopics() {
      return broker.topicNames();
    },

    async readTopic(topic) {
      return broker.partitionsOf(topic).flatMap((topicPartition) => [...broker.log(topicPartition)]);
    },

    subscribe,

    committedOffset: (groupId, topicPartition) => broker.committedOffset(groupId, topicPartition),

    async close() {
      await Promise.all([...readers].map((reader) => reader.stop()));
    },
  };
}
