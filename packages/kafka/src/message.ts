/** A message as every handler sees it, whichever transport delivered it. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  /** The offset as a decimal string (Kafka offsets are 64-bit). */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Milliseconds since the epoch, as a decimal string (as Kafka gives it). */
  timestamp: string;
}

/** A message to publish; `key` is the task id, so one task's events share a partition. */
export interface OutgoingMessage {
  topic: string;
  /** null only for the dead letter of a message that had no key. */
  key: string | null;
  value: string | Buffer;
  headers?: Record<string, string>;
  /**
   * Part of the ledger (a usage event): published even when the work that made
   * it is abandoned, because the calls it records may be billed.
   */
  ledger?: boolean;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** `offset` is the next offset to consume, as Kafka commits it. */
export interface TopicPartitionOffset extends TopicPartition {
  offset: string;
}

export function topicPartitionKey(topicPartition: TopicPartition): string {
  return `${topicPartition.topic}/${topicPartition.partition}`;
}
