import type { Logger } from "@switchyard/platform";
import type { IncomingMessage, OutgoingMessage, TopicPartition, TopicPartitionOffset } from "./message";

/** The messages of one partition, in offset order, as one fetch returned them. */
export interface TransportBatch extends TopicPartition {
  messages: IncomingMessage[];
  /** The partition's end offset when fetched, for the lag metric; null when unknown. */
  highWatermark: string | null;
}

/** What a transport consumer offers the consumer loop while it hands over a batch. */
export interface BatchControls {
  /** Keeps the group membership alive; throws when the group is rebalancing (let it propagate). */
  heartbeat(): Promise<void>;
  /** Moves the fetch position past `offset`: the loop has taken the message over. */
  markTaken(offset: string): void;
  /** True once this batch's partition is no longer ours (rebalance, stop). */
  isStale(): boolean;
}

export interface TransportConsumerCallbacks {
  /**
   * Receives a batch; resolves once the loop has taken over what it could
   * (it may wait for free slots). Messages not marked taken are fetched again.
   */
  onBatch(batch: TransportBatch, controls: BatchControls): Promise<void>;
  /** The member's complete assignment after every (re)join of the group. */
  onAssignment(assignment: TopicPartition[]): void;
  /** The consumer lost its membership (crash, restart); it will rejoin by itself. */
  onMembershipLost(reason: unknown): void;
}

/** Outcome of a commit: "rejected" means the partitions are not ours anymore (rebalance). */
export type CommitOutcome = "committed" | "rejected";

export interface TransportConsumer {
  start(callbacks: TransportConsumerCallbacks): Promise<void>;
  /**
   * Commits these next-offsets for the current generation. Resolves "rejected"
   * when the group moved on; throws a retryable TransportError when
   * the broker cannot be reached.
   */
  commit(offsets: TopicPartitionOffset[]): Promise<CommitOutcome>;
  /** Stops fetching new messages; the membership stays (used while draining). */
  stopFetching(): void;
  /** Leaves the group without committing anything. */
  stop(): Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Where a group without committed offsets starts: the beginning (true) or the end. */
  fromBeginning: boolean;
  logger: Logger;
}

export interface SubscribeOptions {
  topics: string[];
  /** Read what is already in the topics (true) or only what arrives from now on. */
  fromBeginning: boolean;
  onMessage(message: IncomingMessage): void | Promise<void>;
  /** Called when onMessage throws; the reader goes on with the next message either way. */
  onError?(error: unknown, message: IncomingMessage): void;
}

/** A reader outside any consumer group's commits: nothing it reads is committed. */
export interface Subscription {
  stop(): Promise<void>;
}

/**
 * A message transport with Kafka's delivery semantics: partitions by key,
 * consumer groups with committed offsets, at-least-once.
 */
export interface Transport {
  readonly kind: "kafka" | "in-memory";
  /** Resolves once every message is acknowledged (for Kafka: by all in-sync replicas). */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  createConsumer(options: ConsumerOptions): TransportConsumer;
  /** Creates the topics that do not exist yet, with this many partitions (and these topic configs, e.g. cleanup.policy). */
  ensureTopics(names: readonly string[], partitions: number, configs?: Readonly<Record<string, string>>): Promise<void>;
  /** The names of the topics that exist (creates nothing). */
  listTopics(): Promise<string[]>;
  /** Every message in a topic from its beginning to its end at the time of the call. */
  readTopic(topic: string): Promise<IncomingMessage[]>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Flushes pending publishes and disconnects. */
  close(): Promise<void>;
}
