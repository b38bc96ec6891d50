import { Partitioners, type ICustomPartitioner, type Message, type RecordMetadata, type TopicMessages } from "kafkajs";
import { TransportError } from "./transport-error";

/** One kafkajs sendBatch: resolves with the brokers' answers, one per partition written. */
export type SendBatch = (topicMessages: TopicMessages[]) => Promise<RecordMetadata[]>;

export interface UnsentPartitions {
  /** "topic/partition" of every partition left unsent. */
  partitions: string[];
  messageCount: number;
  round: number;
}

const MAX_ROUNDS = 10;

/**
 * kafkajs' default partitioner, remembering the partition it picked for each
 * message object: every retry and re-send of that message goes to the same
 * partition (keyed messages would anyway; a keyless one would move on).
 */
export function createPinnedPartitioner(chosen: WeakMap<Message, number>): ICustomPartitioner {
  return () => {
    const pick = Partitioners.DefaultPartitioner();
    return (args) => {
      const pinned = chosen.get(args.message);
      if (pinned !== undefined) return pinned;
      const partition = pick(args);
      chosen.set(args.message, partition);
      return partition;
    };
  };
}

/**
 * Sends until every partition of the batch is acknowledged. kafkajs 2.2.4's
 * sendBatch retries a failed send only to brokers that have not answered yet
 * in the same call: when a partition's leadership moves (a broker stopping) to
 * a broker that already answered for other partitions, that partition's
 * messages are never sent, yet the call resolves. Its idempotent sequence
 * numbers then disagree with the broker's, and later sends fail with
 * OUT_OF_ORDER_SEQUENCE_NUMBER or are dropped as duplicates. The broker
 * answers once per partition written, so a partition missing from the answer
 * was not sent: its messages go again at once, the same messages in the same
 * order to the same partition (the same sequence numbers), which the broker
 * either writes or recognises as the batch it already has.
 */
export async function sendToEveryPartition(
  send: SendBatch,
  topicMessages: TopicMessages[],
  chosen: WeakMap<Message, number>,
  onUnsent: (unsent: UnsentPartitions) => void,
): Promise<void> {
  let pending = topicMessages;
  for (let round = 1; ; round += 1) {
    const answered = new Set((await send(pending)).map((record) => `${record.topicName}/${record.partition}`));
    const partitions = new Set<string>();
    const unsent = pending
      .map(({ topic, messages }) => ({
        topic,
        messages: messages.filter((message) => {
          const partition = `${topic}/${String(chosen.get(message))}`;
          if (answered.has(partition)) return false;
          partitions.add(partition);
          return true;
        }),
      }))
      .filter((entry) => entry.messages.length > 0);
    if (unsent.length === 0) return;
    const report = { partitions: [...partitions], messageCount: unsent.reduce((sum, entry) => sum + entry.messages.length, 0), round };
    if (round >= MAX_ROUNDS) {
      throw new TransportError(`publish failed: ${report.partitions.join(", ")} still unsent after ${round} sends`, { retryable: true });
    }
    onUnsent(report);
    pending = unsent;
  }
}
