import type { IHeaders, KafkaMessage, Message } from "kafkajs";
import type { IncomingMessage, OutgoingMessage } from "./message";

export function toIncomingMessage(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null || message.key === undefined ? null : message.key.toString("utf8"),
    value: message.value,
    headers: toStringHeaders(message.headers),
    timestamp: message.timestamp,
  };
}

// Kafka allows repeated header names; ours are unique, so the last one wins.
function toStringHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}

export function groupByTopic(messages: readonly OutgoingMessage[]): Array<{ topic: string; messages: Message[] }> {
  const byTopic = new Map<string, Message[]>();
  for (const message of messages) {
    let list = byTopic.get(message.topic);
    if (!list) {
      list = [];
      byTopic.set(message.topic, list);
    }
    list.push({ key: message.key, value: message.value, ...(message.headers ? { headers: message.headers } : {}) });
  }
  return [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
}
