import type { OutgoingBenchMessage } from "./bench-kafka";

/** The hostile classes of issue 13, each a task (or message) a careless or malicious producer might send. */
export const HOSTILE_CLASSES = [
  "schema-fan-out",
  "backtracking-pattern",
  "distinct-large-schema",
  "deep-nesting",
  "lone-surrogates-and-non-latin-1-type",
  "byte-order-mark",
  "oversized-metadata",
  "not-json",
] as const;
export type HostileClass = (typeof HOSTILE_CLASSES)[number];

/** Classes whose id cannot be read: they get a dead letter, not a result. */
export const CLASSES_WITHOUT_RESULT: ReadonlySet<HostileClass> = new Set(["not-json"]);

function fanOutSchema(levels: number, width: number): Record<string, unknown> {
  const definitions: Record<string, unknown> = { [`level${levels}`]: { type: "string" } };
  for (let level = levels - 1; level >= 0; level -= 1) {
    definitions[`level${level}`] = { anyOf: Array.from({ length: width }, () => ({ $ref: `#/definitions/level${level + 1}` })) };
  }
  return { definitions, $ref: "#/definitions/level0" };
}

/** One hostile message of a class; `id` is its task id when it has one. */
export function buildHostileMessage(kind: HostileClass, id: string, index: number): OutgoingBenchMessage {
  const base = {
    version: 1,
    id,
    type: "data_extraction",
    tier: "fast",
    messages: [{ role: "user", content: `Extract the fields of order ${index}.` }],
    maxTokens: 64,
  };
  switch (kind) {
    case "schema-fan-out":
      return { key: id, value: JSON.stringify({ ...base, outputSchema: fanOutSchema(10, 3) }) };
    case "backtracking-pattern":
      return { key: id, value: JSON.stringify({ ...base, outputSchema: { type: "object", patternProperties: { "^([a-z]+\\s?)*!$": { type: "string" } } } }) };
    case "distinct-large-schema":
      // Near the limits, and different every time: each one is compiled.
      return {
        key: id,
        value: JSON.stringify({
          ...base,
          outputSchema: {
            type: "object",
            properties: Object.fromEntries(Array.from({ length: 400 }, (_, field) => [`f${index}_${field}`, { type: "string", pattern: `^x${field}` }])),
          },
        }),
      };
    case "deep-nesting":
      return {
        key: id,
        value: `{"id":"${id}","type":"data_extraction","maxTokens":8,"messages":[{"role":"user","content":[{"type":"text","text":"x","extra":${"[".repeat(20_000)}${"]".repeat(20_000)}}]}]}`,
      };
    case "lone-surrogates-and-non-latin-1-type":
      return { key: id, value: JSON.stringify({ ...base, type: "关键词相关性", metadata: { tenant: "acme\ud800", feature: "\udc00" } }) };
    case "byte-order-mark":
      return { key: id, value: `\uFEFF${JSON.stringify(base)}` };
    case "oversized-metadata":
      return { key: id, value: JSON.stringify({ ...base, version: "v".repeat(20_000), metadata: { note: "n".repeat(60_000) } }) };
    case "not-json":
      return { key: id, value: `{"id": "${id}", oops` };
  }
}
