import {
  ResultEventSchema,
  ShadowCandidateEventSchema,
  ShadowEventSchema,
  UsageEventSchema,
  type ResultEvent,
  type ShadowCandidateEvent,
  type ShadowEvent,
  type UsageEvent,
} from "@switchyard/contracts";
import type { IncomingMessage } from "@switchyard/kafka";

function parseAll<Event>(messages: readonly IncomingMessage[], parse: (value: unknown) => Event): Event[] {
  return messages.map((message) => parse(JSON.parse(message.value?.toString("utf8") ?? "null")));
}

export const parseResults = (messages: readonly IncomingMessage[]): ResultEvent[] => parseAll(messages, (value) => ResultEventSchema.parse(value));
export const parseUsage = (messages: readonly IncomingMessage[]): UsageEvent[] => parseAll(messages, (value) => UsageEventSchema.parse(value));
export const parseShadow = (messages: readonly IncomingMessage[]): ShadowEvent[] => parseAll(messages, (value) => ShadowEventSchema.parse(value));
export const parseCandidates = (messages: readonly IncomingMessage[]): ShadowCandidateEvent[] =>
  parseAll(messages, (value) => ShadowCandidateEventSchema.parse(value));
