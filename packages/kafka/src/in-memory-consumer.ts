import type { InMemoryBroker, InMemoryMember } from "./in-memory-broker";
import { topicPartitionKey, type TopicPartition, type TopicPartitionOffset } from "./message";
import type { CommitOutcome, ConsumerOptions, TransportConsumer, TransportConsumerCallbacks } from "./transport";

/** How long an idle consumer sleeps when nothing wakes it (a safety net; publishes wake it at once). */
const IDLE_WAIT_MS = 250;

/**
 * A consumer group member of the in-memory broker with Kafka's semantics:
 * after every rebalance it fetches each assigned partition from the group's
 * committed offset, so whatever was not committed is delivered again.
 */
export class InMemoryConsumer implements TransportConsumer, InMemoryMember {
  readonly topics: readonly string[];
  private callbacks: TransportConsumerCallbacks | null = null;
  private assignment: TopicPartition[] = [];
  private readonly positions = new Map<string, number>();
  private generation = 0;
  private fetching = true;
  private stopped = false;
  private wake: (() => void) | null = null;
  private changed = false;
  private pump: Promise<void> | null = null;

  constructor(
    private readonly broker: InMemoryBroker,
    private readonly options: ConsumerOptions,
    private readonly maxBatchMessages: number,
  ) {
    this.topics = [...options.topics];
  }

  async start(callbacks: TransportConsumerCallbacks): Promise<void> {
    this.callbacks = callbacks;
    const unsubscribe = this.broker.onChange(() => {
      this.changed = true;
      this.wake?.();
    });
    this.broker.join(this.options.groupId, this);
    this.pump = this.run().finally(unsubscribe);
  }

  assign(assignment: TopicPartition[], generation: number): void {
    this.generation = generation;
    this.assignment = assignment;
    this.positions.clear();
    for (const topicPartition of assignment) {
      const committed = this.broker.committedOffset(this.options.groupId, topicPartition);
      const start = committed ?? (this.options.fromBeginning ? 0 : this.broker.log(topicPartition).length);
      this.positions.set(topicPartitionKey(topicPartition), start);
    }
    this.callbacks?.onAssignment(assignment);
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<CommitOutcome> {
    if (this.stopped) return "rejected";
    return this.broker.commit(this.options.groupId, this, this.generation, offsets) ? "committed" : "rejected";
  }

  stopFetching(): void {
    this.fetching = false;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.fetching = false;
    this.broker.leave(this.options.groupId, this);
    this.wake?.();
    await this.pump;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.changed = false;
      const advanced = this.fetching ? await this.deliverRound() : false;
      if (!advanced && !this.changed) await this.idle();
    }
  }

  /** Hands one batch of every assigned partition with new messages to the loop; true when a position moved. */
  private async deliverRound(): Promise<boolean> {
    let advanced = false;
    const generation = this.generation;
    for (const topicPartition of this.assignment) {
      if (!this.fetching || generation !== this.generation) break;
      const key = topicPartitionKey(topicPartition);
      const position = this.positions.get(key) ?? 0;
      const log = this.broker.log(topicPartition);
      if (position >= log.length || !this.callbacks) continue;
      await this.callbacks.onBatch(
        { ...topicPartition, messages: log.slice(position, position + this.maxBatchMessages), highWatermark: String(log.length) },
        {
          heartbeat: async () => undefined,
          markTaken: (offset) => {
            if (generation === this.generation) this.positions.set(key, Number(offset) + 1);
          },
          isStale: () => this.stopped || !this.fetching || generation !== this.generation,
        },
      );
      if ((this.positions.get(key) ?? 0) > position) advanced = true;
    }
    return advanced;
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, IDLE_WAIT_MS);
      this.wake = done;
    });
  }
}
