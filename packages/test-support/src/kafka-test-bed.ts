import type { TopicNames } from "@switchyard/contracts";
import { createKafkaTransport, createTopicsReliably, type KafkaTransportOptions, type Transport } from "@switchyard/kafka";
import type { Logger } from "@switchyard/platform";
import { Kafka, logLevel, type Admin } from "kafkajs";
import { BROKERS, createTestLogger } from "./test-environment";
import { topicNames } from "./topic-names";
import { uniqueName } from "./unique-name";

/**
 * Everything one test file makes on the real broker (topics, groups,
 * transports, and whatever it registers with onClean); clean() removes it all.
 */
export class KafkaTestBed {
  readonly logger: Logger;
  private admin: Admin | null = null;
  private readonly topics: string[] = [];
  private readonly groups: string[] = [];
  private readonly transports: Transport[] = [];
  private readonly stoppers: Array<() => Promise<void>> = [];

  constructor(
    /** Prefix of every name it makes. */
    private readonly prefix = "switchyard-it",
    readonly brokers: readonly string[] = BROKERS,
  ) {
    this.logger = createTestLogger(prefix);
  }

  async connect(): Promise<void> {
    const admin = new Kafka({
      brokers: [...this.brokers],
      clientId: uniqueName(`${this.prefix}-admin`),
      logLevel: logLevel.NOTHING,
      retry: { retries: 2 },
    }).admin();
    await admin.connect();
    this.admin = admin;
  }

  /** Unique topics, one a name, created with `partitions` partitions each. */
  async createTopics(partitions: number, ...names: string[]): Promise<string[]> {
    const topics = names.map((name) => uniqueName(`${this.prefix}-${name}`));
    this.topics.push(...topics);
    await createTopicsReliably(
      this.requireAdmin(),
      topics.map((topic) => ({ topic, numPartitions: partitions })),
    );
    return topics;
  }

  /** A full set of unique pipeline topic names, created with `partitions` partitions each. */
  async createTopicNames(partitions: number): Promise<TopicNames> {
    const names = topicNames(uniqueName(this.prefix));
    const all = Object.values(names);
    this.topics.push(...all);
    await createTopicsReliably(
      this.requireAdmin(),
      all.map((topic) => ({ topic, numPartitions: partitions })),
    );
    return names;
  }

  newGroup(name = "group"): string {
    const group = uniqueName(`${this.prefix}-${name}`);
    this.groups.push(group);
    return group;
  }

  /** A transport on the bed's broker, closed at clean(); `options` adds to or overrides its defaults. */
  newTransport(options: Partial<KafkaTransportOptions> = {}): Transport {
    const transport = createKafkaTransport({ brokers: [...this.brokers], clientId: uniqueName(this.prefix), logger: this.logger, ...options });
    this.transports.push(transport);
    return transport;
  }

  /** Runs first at clean(), in reverse order of registration. */
  onClean(stop: () => Promise<void>): void {
    this.stoppers.push(stop);
  }

  /** Committed next-offsets of a group on a topic, by partition. */
  async committedOffsets(groupId: string, topic: string): Promise<Map<number, number>> {
    const [entry] = await this.requireAdmin().fetchOffsets({ groupId, topics: [topic] });
    return new Map((entry?.partitions ?? []).map((partition) => [partition.partition, Number(partition.offset)]));
  }

  async endOffsets(topic: string): Promise<Map<number, number>> {
    return new Map((await this.requireAdmin().fetchTopicOffsets(topic)).map((partition) => [partition.partition, Number(partition.high)]));
  }

  async clean(): Promise<void> {
    for (const stop of this.stoppers.splice(0).reverse()) await stop().catch(() => undefined);
    await Promise.all(this.transports.map((transport) => transport.close().catch(() => undefined)));
    if (!this.admin) return;
    if (this.topics.length > 0) await this.admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
    if (this.groups.length > 0) await this.admin.deleteGroups(this.groups).catch(() => undefined);
    await this.admin.disconnect();
  }

  protected requireAdmin(): Admin {
    if (!this.admin) throw new Error("KafkaTestBed.connect() first");
    return this.admin;
  }
}
