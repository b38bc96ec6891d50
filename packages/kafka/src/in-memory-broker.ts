import { hashKeyToPartition } from "./hash-key-to-partition";
import { topicPartitionKey, type IncomingMessage, type OutgoingMessage, type TopicPartition } from "./message";

/** A group member as the broker sees it: it is told its assignment on every rebalance. */
export interface InMemoryMember {
  readonly topics: readonly string[];
  assign(assignment: TopicPartition[], generation: number): void;
}

interface InMemoryGroup {
  generation: number;
  members: InMemoryMember[];
  assignments: Map<InMemoryMember, Set<string>>;
  committed: Map<string, number>;
}

/**
 * Topics (partitioned logs), consumer groups (membership, assignment,
 * committed offsets) and wake-ups for readers, all in one process.
 */
export class InMemoryBroker {
  private readonly topics = new Map<string, IncomingMessage[][]>();
  private readonly groups = new Map<string, InMemoryGroup>();
  private readonly listeners = new Set<() => void>();
  private roundRobin = 0;

  constructor(private readonly defaultPartitions: number) {}

  ensureTopic(name: string, partitions = this.defaultPartitions): IncomingMessage[][] {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = Array.from({ length: partitions }, () => []);
      this.topics.set(name, topic);
    }
    return topic;
  }

  append(message: OutgoingMessage): void {
    const partitions = this.ensureTopic(message.topic);
    const partition = message.key === null ? this.roundRobin++ % partitions.length : hashKeyToPartition(message.key, partitions.length);
    const log = partitions[partition] as IncomingMessage[];
    log.push({
      topic: message.topic,
      partition,
      offset: String(log.length),
      key: message.key,
      value: Buffer.isBuffer(message.value) ? Buffer.from(message.value) : Buffer.from(message.value, "utf8"),
      headers: { ...message.headers },
      timestamp: String(Date.now()),
    });
  }

  /** Tells every reader that something changed (new messages, a rebalance, a stop). */
  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  log(topicPartition: TopicPartition): IncomingMessage[] {
    return this.ensureTopic(topicPartition.topic)[topicPartition.partition] ?? [];
  }

  topicNames(): string[] {
    return [...this.topics.keys()];
  }

  partitionsOf(topic: string): TopicPartition[] {
    return this.ensureTopic(topic).map((_log, partition) => ({ topic, partition }));
  }

  join(groupId: string, member: InMemoryMember): void {
    const group = this.group(groupId);
    group.members.push(member);
    this.rebalance(group);
  }

  leave(groupId: string, member: InMemoryMember): void {
    const group = this.group(groupId);
    const index = group.members.indexOf(member);
    if (index < 0) return;
    group.members.splice(index, 1);
    group.assignments.delete(member);
    this.rebalance(group);
  }

  /** Commits for a member of the current generation that owns every partition; false otherwise. */
  commit(groupId: string, member: InMemoryMember, generation: number, offsets: Array<TopicPartition & { offset: string }>): boolean {
    const group = this.group(groupId);
    const owned = group.assignments.get(member);
    if (generation !== group.generation || !owned) return false;
    if (!offsets.every((offset) => owned.has(topicPartitionKey(offset)))) return false;
    for (const offset of offsets) group.committed.set(topicPartitionKey(offset), Number(offset.offset));
    return true;
  }

  committedOffset(groupId: string, topicPartition: TopicPartition): number | undefined {
    return this.group(groupId).committed.get(topicPartitionKey(topicPartition));
  }

  private group(groupId: string): InMemoryGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      group = { generation: 0, members: [], assignments: new Map(), committed: new Map() };
      this.groups.set(groupId, group);
    }
    return group;
  }

  // Round-robin over all partitions of the subscribed topics, like kafkajs' default assigner.
  private rebalance(group: InMemoryGroup): void {
    group.generation += 1;
    group.assignments.clear();
    const topics = [...new Set(group.members.flatMap((member) => member.topics))].sort();
    const partitions = topics.flatMap((topic) => this.partitionsOf(topic));
    const lists = new Map<InMemoryMember, TopicPartition[]>(group.members.map((member) => [member, []]));
    let next = 0;
    for (const topicPartition of partitions) {
      const candidates = group.members.filter((member) => member.topics.includes(topicPartition.topic));
      if (candidates.length === 0) continue;
      const member = candidates[next % candidates.length] as InMemoryMember;
      next += 1;
      lists.get(member)?.push(topicPartition);
    }
    for (const [member, list] of lists) group.assignments.set(member, new Set(list.map(topicPartitionKey)));
    for (const [member, list] of lists) member.assign(list, group.generation);
    this.notify();
  }
}
