import { ResultEventSchema, type ResultEvent } from "@switchyard/contracts";
import type { Subscription, Transport } from "@switchyard/kafka";

/** Reads `topic` from its beginning into `into`, by task id (a later result of a task replaces the earlier). */
export function collectResults(transport: Transport, topic: string, into: Map<string, ResultEvent>): Promise<Subscription> {
  return transport.subscribe({
    topics: [topic],
    fromBeginning: true,
    onMessage(message) {
      const result = ResultEventSchema.parse(JSON.parse(message.value?.toString("utf8") ?? "null"));
      into.set(result.taskId, result);
    },
  });
}
