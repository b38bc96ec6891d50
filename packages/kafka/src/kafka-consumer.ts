import type { Consumer, Kafka } from "kafkajs";
import { computeBackoffDelay, describeError, type Logger, type StartupWait } from "@switchyard/platform";
import { classifyKafkaStartupError, isGroupMovedOnError, isStaleCoordinatorError, toTransportError } from "./classify-kafka-error";
import { toIncomingMessage } from "./convert-kafka-message";
import type { TopicPartition, TopicPartitionOffset } from "./message";
import type { CommitOutcome, ConsumerOptions, TransportConsumer, TransportConsumerCallbacks } from "./transport";

export interface KafkaConsumerSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Longest a fetch waits for data; also bounds how fast a stop is noticed. */
  maxWaitTimeMs: number;
  /** Batches of this many partitions are handed over at once (they share the loop's in-flight limit). */
  partitionsConsumedConcurrently: number;
  /**
   * The most a fetch returns per partition (a larger first record batch still comes whole, so
   * nothing gets stuck). A partition's fetched messages stay in memory until the loop has taken
   * every one over, so this bounds how far a slow consumer reads ahead of its in-flight work.
   */
  maxBytesPerPartition: number;
}

/**
 * A kafkajs consumer with automatic commits off: kafkajs only tracks the
 * fetch position (resolveOffset); the consumer loop decides what to commit.
 * kafkajs restarts itself after retriable crashes; after any other crash this
 * wrapper builds a new consumer, so a broker restart never ends consumption.
 * With a StartupWait, the first join is tried until it succeeds within the
 * service's start-up wait (a topic just created, a coordinator loading).
 */
export function createKafkaConsumer(kafka: Kafka, options: ConsumerOptions, settings: KafkaConsumerSettings, startup?: StartupWait): TransportConsumer {
  const logger: Logger = options.logger.child({ component: "kafka-consumer", group: options.groupId });
  let consumer: Consumer | null = null;
  let callbacks: TransportConsumerCallbacks | null = null;
  let fetching = true;
  let stopped = false;
  let member = false;
  let commitEvents = 0;
  let recreateAttempt = 0;
  let recreateTimer: NodeJS.Timeout | null = null;

  const pauseAll = (target: Consumer) => {
    try {
      target.pause(options.topics.map((topic) => ({ topic })));
    } catch (error) {
      // Not running yet: the GROUP_JOIN listener pauses it once it is.
      logger.debug({ err: error }, "pause before the consumer ran");
    }
  };

  async function startConsumer(): Promise<void> {
    const created = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: settings.sessionTimeoutMs,
      heartbeatInterval: settings.heartbeatIntervalMs,
      maxWaitTimeInMs: settings.maxWaitTimeMs,
      maxBytesPerPartition: settings.maxBytesPerPartition,
    });
    consumer = created;
    created.on(created.events.GROUP_JOIN, ({ payload }) => {
      if (consumer !== created) return;
      member = true;
      recreateAttempt = 0;
      const assignment: TopicPartition[] = Object.entries(payload.memberAssignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => ({ topic, partition })),
      );
      if (!fetching) pauseAll(created);
      callbacks?.onAssignment(assignment);
    });
    created.on(created.events.COMMIT_OFFSETS, () => {
      commitEvents += 1;
    });
    created.on(created.events.CRASH, ({ payload }) => {
      if (consumer !== created) return;
      member = false;
      callbacks?.onMembershipLost(payload.error);
      if (!payload.restart && !stopped) scheduleRecreate(created);
    });
    await created.connect();
    await created.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
    await created.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        if (!callbacks) return;
        await callbacks.onBatch(
          {
            topic: batch.topic,
            partition: batch.partition,
            messages: batch.messages.map((message) => toIncomingMessage(batch.topic, batch.partition, message)),
            highWatermark: batch.highWatermark,
          },
          {
            heartbeat,
            markTaken: (offset) => resolveOffset(offset),
            isStale: () => !fetching || !isRunning() || isStale() || consumer !== created,
          },
        );
      },
    });
  }

  // kafkajs gave up (a non-retriable crash): replace the consumer, with backoff.
  function scheduleRecreate(crashed: Consumer, reason = "kafka consumer crashed and will not restart itself"): void {
    recreateAttempt += 1;
    const delay = computeBackoffDelay(recreateAttempt, { initialDelayMs: 1000, maxDelayMs: 30_000 });
    logger.error({ attempt: recreateAttempt, delayMs: delay }, `${reason}; recreating it`);
    recreateTimer = setTimeout(() => {
      recreateTimer = null;
      void (async () => {
        await crashed.disconnect().catch(() => undefined);
        if (stopped) return;
        try {
          await startConsumer();
        } catch (error) {
          logger.error({ err: error }, "recreating the kafka consumer failed");
          if (!stopped && consumer) scheduleRecreate(consumer);
        }
      })();
    }, delay);
  }

  return {
    async start(startCallbacks) {
      callbacks = startCallbacks;
      const join = async () => {
        try {
          await startConsumer();
        } catch (error) {
          const failed = consumer;
          // Events of the failed consumer are ignored from here on; the next attempt builds a new one.
          consumer = null;
          await failed?.disconnect().catch(() => undefined);
          throw toTransportError(`joining consumer group ${options.groupId}`, error);
        }
      };
      await (startup ? startup.until("kafka", join, classifyKafkaStartupError) : join());
    },

    async commit(offsets: TopicPartitionOffset[]): Promise<CommitOutcome> {
      const current = consumer;
      if (!current || !member) return "rejected";
      const before = commitEvents;
      try {
        await current.commitOffsets(offsets);
      } catch (error) {
        if (isGroupMovedOnError(error)) return "rejected";
        if (isStaleCoordinatorError(error) && consumer === current && !stopped) {
          // kafkajs rejoins (and so finds the new coordinator) only when a heartbeat fails, and a
          // consumer with nothing new to fetch sends none: commits would fail forever. A new
          // consumer joins through the new coordinator; what was not committed is consumed again.
          member = false;
          pauseAll(current);
          callbacks?.onMembershipLost(error);
          scheduleRecreate(current, "the group's coordinator moved and kafkajs keeps committing to the old one");
          return "rejected";
        }
        throw toTransportError("commit", error);
      }
      // kafkajs returns without committing when its runner is between a crash and a restart.
      return commitEvents === before ? "rejected" : "committed";
    },

    stopFetching() {
      fetching = false;
      if (consumer) pauseAll(consumer);
    },

    async stop() {
      stopped = true;
      fetching = false;
      if (recreateTimer) clearTimeout(recreateTimer);
      member = false;
      try {
        await consumer?.disconnect();
      } catch (error) {
        logger.warn({ err: error }, `leaving the group failed: ${describeError(error)}`);
      }
    },
  };
}
