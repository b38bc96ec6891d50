import { AlertEventSchema, decodeEvent, InvalidEventError, PolicyChangeEventSchema, type AlertEvent, type PolicyChangeEvent } from "@switchyard/contracts";
import type { BatchWriter } from "@switchyard/clickhouse";
import type { MessageHandler, OutgoingMessage } from "@switchyard/kafka";

export type HistoryEvent = { kind: "policy"; event: PolicyChangeEvent } | { kind: "alert"; event: AlertEvent };

export interface HistoryHandlerOptions {
  policyTopic: string;
  alertsTopic: string;
  policyWriter: BatchWriter<PolicyChangeEvent>;
  alertWriter: BatchWriter<AlertEvent>;
  maxEventBytes: number;
}

/**
 * Keeps the policy changes and the alerts as history in ClickHouse, free of
 * any transport: an event is done when its row is stored. The policy topic is
 * compacted and alerts are fire-and-forget; the tables are what reports read.
 */
export function createHistoryHandler(options: HistoryHandlerOptions): MessageHandler<HistoryEvent> {
  const decodeOptions = { maxBytes: options.maxEventBytes };
  return {
    name: "metrics-sink-history",

    decode(message): HistoryEvent {
      if (message.topic === options.policyTopic) return { kind: "policy", event: decodeEvent(PolicyChangeEventSchema, message.value, decodeOptions) };
      if (message.topic === options.alertsTopic) return { kind: "alert", event: decodeEvent(AlertEventSchema, message.value, decodeOptions) };
      throw new InvalidEventError("event_invalid", `the history recorder does not read topic ${message.topic}`);
    },

    async handle(historyEvent): Promise<OutgoingMessage[]> {
      if (historyEvent.kind === "policy") await options.policyWriter.write(historyEvent.event);
      else await options.alertWriter.write(historyEvent.event);
      return [];
    },
  };
}
