import { z } from "zod";
import { AlertEventSchema } from "./alert-event";
import { DeadLetterHeadersSchema } from "./dead-letter-headers";
import { PolicyChangeEventSchema } from "./policy-change-event";
import { ResultEventSchema } from "./result-event";
import { ShadowCandidateEventSchema, ShadowEventSchema } from "./shadow-event";
import { TaskEventSchema } from "./task-event";
import { UsageEventSchema } from "./usage-event";

/**
 * The JSON Schema documents committed under schemas/, for producers and
 * consumers in other languages. Task events are described as a producer may
 * send them (defaults not applied); events we produce as we write them.
 */
export function buildJsonSchemas(): Record<string, unknown> {
  return {
    "task-event.v1.schema.json": toDocument(TaskEventSchema, "input", "Switchyard task event, version 1"),
    "result-event.v1.schema.json": toDocument(ResultEventSchema, "output", "Switchyard result event, version 1"),
    "usage-event.v1.schema.json": toDocument(UsageEventSchema, "output", "Switchyard usage event, version 1"),
    "shadow-event.v1.schema.json": toDocument(ShadowEventSchema, "output", "Switchyard shadow comparison event, version 1"),
    "shadow-candidate-event.v1.schema.json": toDocument(ShadowCandidateEventSchema, "output", "Switchyard internal shadow candidate event, version 1"),
    "alert-event.v1.schema.json": toDocument(AlertEventSchema, "output", "Switchyard alert event, version 1"),
    "policy-change-event.v1.schema.json": toDocument(PolicyChangeEventSchema, "input", "Switchyard routing policy change event, version 1"),
    "dead-letter-headers.v1.schema.json": toDocument(DeadLetterHeadersSchema, "output", "Switchyard dead-letter headers, version 1"),
  };
}

function toDocument(schema: z.ZodType, io: "input" | "output", title: string): unknown {
  return { title, ...z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) };
}

export function serializeJsonSchema(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
