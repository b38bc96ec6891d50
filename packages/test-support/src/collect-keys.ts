import type { Transport } from "@switchyard/kafka";

export interface KeyCollector {
  /** Keys seen so far on the topic, from its beginning. */
  readonly keys: Set<string>;
  stop(): Promise<void>;
}

/** Reads a topic from its beginning and keeps the distinct keys it sees, live (e.g. task ids with a result). */
export async function collectKeys(transport: Transport, topic: string): Promise<KeyCollector> {
  const keys = new Set<string>();
  const subscription = await transport.subscribe({
    topics: [topic],
    fromBeginning: true,
    onMessage: (message) => {
      if (message.key) keys.add(message.key);
    },
  });
  return { keys, stop: () => subscription.stop() };
}
