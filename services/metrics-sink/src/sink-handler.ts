import { decodeEvent, ShadowEventSchema, UsageEventSchema, type ShadowEvent, type TopicNames, type UsageEvent } from "@switchyard/contracts";
import type { BatchWriter } from "@switchyard/clickhouse";
import type { EventOutcome, MessageHandler, OutgoingMessage } from "@switchyard/kafka";
import { InvalidEventError } from "@switchyard/contracts";

const NOTHING_TO_PUBLISH: EventOutcome = { outputs: [] };

export type SinkEvent = { kind: "usage"; event: UsageEvent } | { kind: "shadow"; event: ShadowEvent };

export interface SinkHandlerOptions {
  topics: Pick<TopicNames, "usage" | "shadow">;
  usageWriter: BatchWriter<UsageEvent>;
  shadowWriter: BatchWriter<ShadowEvent>;
  maxEventBytes: number;
}

/**
 * The metrics sink, free of any transport: an event is done when the batch
 * writer says its row is stored, so the loop commits only written offsets.
 * Many events wait at once (the loop's in-flight limit), which is what lets
 * the writer build large batches. The loop hands it a fetch's events at once
 * (handleBatch: one promise per fetch instead of one per event), or one event
 * at a time when tracing gives each its own span (handle).
 */
export function createSinkHandler(options: SinkHandlerOptions): MessageHandler<SinkEvent> {
  const decodeOptions = { maxBytes: options.maxEventBytes };
  return {
    name: "metrics-sink",

    decode(message): SinkEvent {
      if (message.topic === options.topics.usage) return { kind: "usage", event: decodeEvent(UsageEventSchema, message.value, decodeOptions) };
      if (message.topic === options.topics.shadow) return { kind: "shadow", event: decodeEvent(ShadowEventSchema, message.value, decodeOptions) };
      throw new InvalidEventError("event_invalid", `the sink does not read topic ${message.topic}`);
    },

    taskIdOf(sinkEvent) {
      return sinkEvent.event.taskId;
    },

    async handle(sinkEvent): Promise<OutgoingMessage[]> {
      if (sinkEvent.kind === "usage") await options.usageWriter.write(sinkEvent.event);
      else await options.shadowWriter.write(sinkEvent.event);
      return [];
    },

    async handleBatch(sinkEvents): Promise<EventOutcome[]> {
      const usage: UsageEvent[] = [];
      const shadow: ShadowEvent[] = [];
      for (const sinkEvent of sinkEvents) {
        if (sinkEvent.kind === "usage") usage.push(sinkEvent.event);
        else shadow.push(sinkEvent.event);
      }
      const [usageErrors, shadowErrors] = await Promise.all([options.usageWriter.writeMany(usage), options.shadowWriter.writeMany(shadow)]);
      let usageIndex = 0;
      let shadowIndex = 0;
      // Back in the events' order: each error belongs to its event.
      return sinkEvents.map((sinkEvent) => {
        const error = sinkEvent.kind === "usage" ? usageErrors[usageIndex++] : shadowErrors[shadowIndex++];
        return error === undefined ? NOTHING_TO_PUBLISH : { error };
      });
    },
  };
}
