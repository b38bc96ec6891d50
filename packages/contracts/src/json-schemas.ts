import { z } from "zod";
import { AlertEventSchema } from "./alert-event";
import { DeadLetterHeadersSchema } from "./dead-letter-headers";
import { PolicyChangeEventSchema } from "./policy-change-event";
import { ResultEventSchema } from "./result-event";
import { ShadowCandidateEventSchema, ShadowEventSchema } from "./shadow-event";
import { TaskEventSchema } from "./task-event";
import { UsageEventSchema } from "./usage-event";

/** Where the committed documents' `$id`s live: a name, not a place to fetch them from. */
export const JSON_SCHEMA_ID_PREFIX = "urn:switchyard:schema:";

/**
 * The JSON Schema documents committed under schemas/, for producers and
 * consumers in other languages. Task events are described as a producer may
 * send them (defaults not applied); events we produce as we write them. Every
 * object is open (no `additionalProperties: false`): events evolve additively,
 * so a consumer validating with today's schema must accept tomorrow's fields.
 */
export function buildJsonSchemas(): Record<string, unknown> {
  const documents: Array<[name: string, schema: z.ZodType, io: "input" | "output", title: string]> = [
    ["task-event.v1", TaskEventSchema, "input", "Switchyard task event, version 1"],
    ["result-event.v1", ResultEventSchema, "output", "Switchyard result event, version 1"],
    ["usage-event.v1", UsageEventSchema, "output", "Switchyard usage event, version 1"],
    ["shadow-event.v1", ShadowEventSchema, "output", "Switchyard shadow comparison event, version 1"],
    ["shadow-candidate-event.v1", ShadowCandidateEventSchema, "output", "Switchyard internal shadow candidate event, version 1"],
    ["alert-event.v1", AlertEventSchema, "output", "Switchyard alert event, version 1"],
    ["policy-change-event.v1", PolicyChangeEventSchema, "input", "Switchyard routing policy change event, version 1"],
    ["dead-letter-headers.v1", DeadLetterHeadersSchema, "output", "Switchyard dead-letter headers, version 1"],
  ];
  return Object.fromEntries(documents.map(([name, schema, io, title]) => [`${name}.schema.json`, toDocument(name, schema, io, title)]));
}

function toDocument(name: string, schema: z.ZodType, io: "input" | "output", title: string): unknown {
  const { $schema, ...body } = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any", override: openObject });
  return { $schema, $id: `${JSON_SCHEMA_ID_PREFIX}${name}`, title, ...body };
}

// zod closes every plain object it describes as output; reopen them (a strict
// object, one that says so with a catchall of never, stays closed).
function openObject(context: { zodSchema: { _zod: { def: { type: string; catchall?: unknown } } }; jsonSchema: { additionalProperties?: unknown } }): void {
  const definition = context.zodSchema._zod.def;
  if (definition.type === "object" && definition.catchall === undefined && context.jsonSchema.additionalProperties === false) {
    delete context.jsonSchema.additionalProperties;
  }
}

export function serializeJsonSchema(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
