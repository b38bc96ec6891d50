import type { Random } from "./seeded-random";
import { WORDS } from "./vocabulary";

type Schema = Record<string, unknown>;

/** The object a structured task without a schema gets: a plausible classification answer. */
export const GENERIC_OUTPUT_SCHEMA: Schema = {
  type: "object",
  properties: {
    answer: { type: "string", maxLength: 60 },
    relevant: { type: "boolean" },
    score: { type: "integer", minimum: 0, maximum: 100 },
    confidence: { type: "number", minimum: 0, maximum: 1 },
    tags: { type: "array", items: { type: "string", maxLength: 20 }, minItems: 1, maxItems: 3 },
  },
  required: ["answer", "relevant", "score", "confidence", "tags"],
};

/**
 * A value conforming to a JSON Schema (the common keywords: type, enum,
 * const, properties, items, min/max, lengths, anyOf/oneOf/allOf, a few
 * formats). `pattern` is not honoured.
 */
export function generateValue(schema: Schema, random: Random, depth = 0): unknown {
  if ("const" in schema) return schema.const;
  const choices = enumOf(schema);
  if (choices) return random.pick(choices);
  const variant = firstVariant(schema);
  if (variant) return generateValue(variant, random, depth);
  switch (typeOf(schema)) {
    case "object":
      return generateObject(schema, random, depth);
    case "array":
      return generateArray(schema, random, depth);
    case "integer":
      return generateInteger(schema, random);
    case "number":
      return generateNumber(schema, random);
    case "boolean":
      return random.next() < 0.5;
    case "null":
      return null;
    default:
      return generateString(schema, random);
  }
}

/**
 * A different value that still conforms: one leaf changes (a boolean flips,
 * a number or string changes, an enum takes another value, an array grows
 * or shrinks). Returns the value unchanged only when nothing can change.
 */
export function mutateValue(value: unknown, schema: Schema, random: Random): unknown {
  const paths = mutablePaths(value, schema, []);
  if (paths.length === 0) return value;
  const { path, schema: leafSchema } = random.pick(paths);
  return replaceAt(value, path, (leaf) => changeLeaf(leaf, leafSchema, random));
}

function generateObject(schema: Schema, random: Random, depth: number): Record<string, unknown> {
  const properties = propertiesOf(schema);
  const object: Record<string, unknown> = {};
  if (depth > 6) return object;
  for (const [name, propertySchema] of Object.entries(properties)) object[name] = generateValue(propertySchema, random, depth + 1);
  return object;
}

function generateArray(schema: Schema, random: Random, depth: number): unknown[] {
  const items = isSchema(schema.items) ? schema.items : { type: "string" };
  const minimum = numberOf(schema.minItems) ?? 1;
  const maximum = Math.max(minimum, numberOf(schema.maxItems) ?? minimum + 2);
  const length = depth > 6 ? minimum : random.integer(minimum, maximum);
  return Array.from({ length }, () => generateValue(items, random, depth + 1));
}

function rangeOf(schema: Schema, integer: boolean): [number, number] {
  const step = integer ? 1 : 0.01;
  const exclusiveMinimum = numberOf(schema.exclusiveMinimum);
  const exclusiveMaximum = numberOf(schema.exclusiveMaximum);
  const minimum = numberOf(schema.minimum) ?? (exclusiveMinimum === undefined ? 0 : exclusiveMinimum + step);
  const maximum = numberOf(schema.maximum) ?? (exclusiveMaximum === undefined ? Math.max(minimum, 0) + 100 : exclusiveMaximum - step);
  return [minimum, Math.max(minimum, maximum)];
}

function generateInteger(schema: Schema, random: Random): number {
  const [minimum, maximum] = rangeOf(schema, true);
  return random.integer(Math.ceil(minimum), Math.floor(maximum));
}

function generateNumber(schema: Schema, random: Random): number {
  const [minimum, maximum] = rangeOf(schema, false);
  const value = minimum + random.next() * (maximum - minimum);
  return Math.min(maximum, Math.max(minimum, Math.round(value * 100) / 100));
}

function generateString(schema: Schema, random: Random): string {
  const format = typeof schema.format === "string" ? schema.format : undefined;
  if (format === "date-time") return new Date(Date.UTC(2026, 0, 1) + random.integer(0, 364) * 86_400_000).toISOString();
  if (format === "date") return new Date(Date.UTC(2026, 0, 1) + random.integer(0, 364) * 86_400_000).toISOString().slice(0, 10);
  if (format === "email") return `${random.pick(WORDS)}.${random.pick(WORDS)}@example.com`;
  if (format === "uri" || format === "url") return `https://example.com/${random.pick(WORDS)}/${random.integer(1, 999)}`;
  const minimum = numberOf(schema.minLength) ?? 1;
  const maximum = numberOf(schema.maxLength) ?? 80;
  let text = Array.from({ length: random.integer(1, 4) }, () => random.pick(WORDS)).join(" ");
  while (text.length < minimum) text += ` ${random.pick(WORDS)}`;
  return text.slice(0, maximum).trim().padEnd(minimum, "x");
}

interface MutablePath {
  path: Array<string | number>;
  schema: Schema;
}

function mutablePaths(value: unknown, schema: Schema, path: Array<string | number>): MutablePath[] {
  const resolved = firstVariant(schema) ?? schema;
  if (Array.isArray(value)) {
    const items = isSchema(resolved.items) ? resolved.items : {};
    const inner = value.flatMap((item, index) => mutablePaths(item, items, [...path, index]));
    return inner.length > 0 ? inner : canChange(value, resolved) ? [{ path, schema: resolved }] : [];
  }
  if (typeof value === "object" && value !== null) {
    const properties = propertiesOf(resolved);
    return Object.entries(value).flatMap(([name, item]) => mutablePaths(item, properties[name] ?? {}, [...path, name]));
  }
  return canChange(value, resolved) ? [{ path, schema: resolved }] : [];
}

function canChange(value: unknown, schema: Schema): boolean {
  if ("const" in schema) return false;
  const choices = enumOf(schema);
  if (choices) return choices.some((choice) => JSON.stringify(choice) !== JSON.stringify(value));
  if (Array.isArray(value)) {
    const minimum = numberOf(schema.minItems) ?? 0;
    const maximum = numberOf(schema.maxItems) ?? Number.POSITIVE_INFINITY;
    return value.length > minimum || value.length < maximum;
  }
  if (typeof value === "number") {
    const [minimum, maximum] = rangeOf(schema, Number.isInteger(value) && typeOf(schema) === "integer");
    return maximum > minimum;
  }
  return typeof value === "boolean" || typeof value === "string";
}

function changeLeaf(value: unknown, schema: Schema, random: Random): unknown {
  const choices = enumOf(schema);
  if (choices) return random.pick(choices.filter((choice) => JSON.stringify(choice) !== JSON.stringify(value)));
  if (typeof value === "boolean") return !value;
  if (typeof value === "number") return changeNumber(value, schema, random);
  if (typeof value === "string") return changeString(value, schema, random);
  if (Array.isArray(value)) return changeArrayLength(value, schema, random);
  return value;
}

// Different by a clear margin, not by a rounding error a tolerance would forgive.
function changeNumber(value: number, schema: Schema, random: Random): number {
  const integer = typeOf(schema) === "integer";
  const [minimum, maximum] = rangeOf(schema, integer);
  for (let tries = 0; tries < 20; tries++) {
    const candidate = integer ? generateInteger(schema, random) : generateNumber(schema, random);
    if (Math.abs(candidate - value) >= Math.max((maximum - minimum) / 20, integer ? 1 : 0.01)) return candidate;
  }
  return value === minimum ? maximum : minimum;
}

function changeString(value: string, schema: Schema, random: Random): string {
  for (let tries = 0; tries < 20; tries++) {
    const candidate = generateString(schema, random);
    if (candidate !== value) return candidate;
  }
  return value.length > 1 ? value.slice(0, -1) + (value.endsWith("y") ? "z" : "y") : value === "y" ? "z" : "y";
}

function changeArrayLength(value: unknown[], schema: Schema, random: Random): unknown[] {
  const maximum = numberOf(schema.maxItems) ?? Number.POSITIVE_INFINITY;
  const items = isSchema(schema.items) ? schema.items : { type: "string" };
  if (value.length < maximum) return [...value, generateValue(items, random, 7)];
  return value.slice(0, -1);
}

function replaceAt(value: unknown, path: Array<string | number>, change: (leaf: unknown) => unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return change(value);
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaceAt(item, rest, change) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head]: replaceAt(object[head], rest, change) };
}

function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === "string" && entry !== "null");
  if (isSchema(schema.properties)) return "object";
  if (isSchema(schema.items)) return "array";
  return undefined;
}

function enumOf(schema: Schema): unknown[] | undefined {
  return Array.isArray(schema.enum) && schema.enum.length > 0 ? schema.enum : undefined;
}

function firstVariant(schema: Schema): Schema | undefined {
  for (const keyword of ["anyOf", "oneOf", "allOf"]) {
    const variants = schema[keyword];
    if (Array.isArray(variants) && isSchema(variants[0])) {
      const { [keyword]: _variants, ...rest } = schema;
      return { ...rest, ...variants[0] };
    }
  }
  return undefined;
}

function propertiesOf(schema: Schema): Record<string, Schema> {
  return isSchema(schema.properties) ? (schema.properties as Record<string, Schema>) : {};
}

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
