import { createTopicsReliably } from "@switchyard/kafka";
import { Kafka, logLevel, type Admin } from "kafkajs";
import {
  ResultEventSchema,
  UsageEventSchema,
  type ResultEvent,
  type TaskEventInput,
  type TopicNames,
  type UsageEvent,
} from "@switchyard/contracts";
import { createKafkaTransport, type IncomingMessage, type Transport } from "@switchyard/kafka";
import { createLogger, type Logger } from "@switchyard/platform";

// The real broker; unreachable means these tests fail (never skip).
export const BROKERS = (process.env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",");

export const testLogger: Logger = createLogger({ name: "router-integration-test", level: process.env.TEST_LOG_LEVEL ?? "silent" });

/**
 * Today's default lineup at the prices Anthropic published (checked
 * 2026-11-30), USD per million tokens: the test's own copy, not the book's.
 * Haiku 5.5's higher band above 100k prompt tokens is not reached here.
 */
export const SPEC_PRICES: Record<string, { input: number; output: number; cacheWrite5m: number; cacheRead: number }> = {
  "claude-haiku-5-5": { input: 0.1, output: 0.5, cacheWrite5m: 0.125, cacheRead: 0.01 },
  "claude-sonnet-5-5": { input: 2, output: 10, cacheWrite5m: 2.5, cacheRead: 0.1 },
  "claude-opus-5-5": { input: 4, output: 20, cacheWrite5m: 5, cacheRead: 0.2 },
};

/** Cost of some usage at those prices (cache writes at the 5-minute rate). */
export function expectedCostUsd(model: string, usage: ResultEvent["usage"]): number {
  const price = SPEC_PRICES[model];
  if (!price) throw new Error(`no SPEC price for ${model}`);
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheCreationInputTokens * price.cacheWrite5m +
      usage.cacheReadInputTokens * price.cacheRead) /
    1_000_000
  );
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Polls until the predicate holds; fails with `what` after the timeout. */
export async function waitUntil(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Topics, groups and transports of one test file on the real broker; clean()
 * deletes every topic and group it made.
 */
export class KafkaTestBed {
  private admin: Admin | null = null;
  private readonly topics: string[] = [];
  private readonly groups: string[] = [];
  private readonly transports: Transport[] = [];

  async connect(): Promise<void> {
    const admin = new Kafka({ brokers: BROKERS, clientId: uniqueName("router-it-admin"), logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
    await admin.connect();
    this.admin = admin;
  }

  /** A full set of unique topic names, created with `partitions` partitions each. */
  async createTopicNames(partitions: number): Promise<TopicNames> {
    const prefix = uniqueName("switchyard-it");
    const names: TopicNames = {
      tasks: `${prefix}.tasks`,
      results: `${prefix}.results`,
      usage: `${prefix}.usage`,
      shadow: `${prefix}.shadow`,
      shadowCandidates: `${prefix}.shadow.candidates`,
      deadLetters: `${prefix}.dlq`,
      alerts: `${prefix}.alerts`,
    };
    const all = Object.values(names);
    this.topics.push(...all);
    await createTopicsReliably(this.requireAdmin(), all.map((topic) => ({ topic, numPartitions: partitions })));
    return names;
  }

  newGroup(): string {
    const group = uniqueName("switchyard-it-group");
    this.groups.push(group);
    return group;
  }

  newTransport(): Transport {
    const transport = createKafkaTransport({ brokers: BROKERS, clientId: uniqueName("router-it"), logger: testLogger });
    this.transports.push(transport);
    return transport;
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
    await Promise.all(this.transports.map((transport) => transport.close().catch(() => undefined)));
    if (!this.admin) return;
    if (this.topics.length > 0) await this.admin.deleteTopics({ topics: this.topics }).catch(() => undefined);
    if (this.groups.length > 0) await this.admin.deleteGroups(this.groups).catch(() => undefined);
    await this.admin.disconnect();
  }

  private requireAdmin(): Admin {
    if (!this.admin) throw new Error("KafkaTestBed.connect() first");
    return this.admin;
  }
}

export function taskMessage(topics: TopicNames, task: TaskEventInput): { topic: string; key: string; value: string } {
  return { topic: topics.tasks, key: task.id, value: JSON.stringify(task) };
}

export function parseResults(messages: readonly IncomingMessage[]): ResultEvent[] {
  return messages.map((message) => ResultEventSchema.parse(JSON.parse(message.value?.toString("utf8") ?? "null")));
}

export function parseUsage(messages: readonly IncomingMessage[]): UsageEvent[] {
  return messages.map((message) => UsageEventSchema.parse(JSON.parse(message.value?.toString("utf8") ?? "null")));
}

/** Groups events by task id. */
export function byTaskId<Event>(events: readonly Event[], idOf: (event: Event) => string): Map<string, Event[]> {
  const grouped = new Map<string, Event[]>();
  for (const event of events) {
    const id = idOf(event);
    const list = grouped.get(id) ?? [];
    list.push(event);
    grouped.set(id, list);
  }
  return grouped;
}
