/** The limits an outputSchema must keep; checked before ajv compiles anything. */
export interface OutputSchemaLimits {
  /** Size of the schema as JSON, in UTF-16 code units. */
  maxChars: number;
  /** Nesting of objects and arrays. */
  maxDepth: number;
  /** Subschemas once every `$ref` is counted as a copy of its target. */
  maxExpandedSubschemas: number;
  /** `uniqueItems` compares items pairwise: it needs a `maxItems` at most this. */
  maxUniqueItems: number;
}

export const DEFAULT_OUTPUT_SCHEMA_LIMITS: OutputSchemaLimits = {
  maxChars: 32 * 1024,
  maxDepth: 32,
  maxExpandedSubschemas: 500,
  maxUniqueItems: 1_000,
};

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = [
  "items",
  "additionalItems",
  "contains",
  "additionalProperties",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
];
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"];
/** Keywords that would let one part of a schema resolve references differently from the rest. */
const UNSUPPORTED_KEYWORDS = ["$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor"];
const SUPPORTED_META_SCHEMAS = new Set(["http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema"]);

/**
 * Why an outputSchema is over the limits (or uses what they cannot bound), or
 * null when it is within them. Linear in the schema's size: every `$ref`
 * target is sized once. What it rules out: schemas whose validation cost
 * explodes (nested `anyOf` of `$ref`s, recursive references), references
 * that leave the schema, and pairwise `uniqueItems` over unbounded arrays.
 * With these limits one validation costs at most the expanded size times the
 * size of the answer, and `pattern` runs on a linear-time engine.
 */
export function checkOutputSchemaLimits(
  schema: Record<string, unknown>,
  serialized: string,
  limits: OutputSchemaLimits = DEFAULT_OUTPUT_SCHEMA_LIMITS,
): string | null {
  if (serialized.length > limits.maxChars) return `outputSchema is ${serialized.length} characters as JSON, over the limit of ${limits.maxChars}`;
  const depth = measureDepth(schema, limits.maxDepth);
  if (depth > limits.maxDepth) return `outputSchema nests deeper than ${limits.maxDepth} levels`;
  if (typeof schema.$schema === "string" && !SUPPORTED_META_SCHEMAS.has(schema.$schema))
    return "outputSchema: only JSON Schema draft-07 is supported ($schema)";
  try {
    new SchemaSizer(schema, limits).sizeOfRoot();
  } catch (error) {
    if (error instanceof SchemaLimitError) return error.message;
    throw error;
  }
  return null;
}

class SchemaLimitError extends Error {}

/** Depth of nested objects and arrays, counted without recursion; stops past `maximum`. */
function measureDepth(value: unknown, maximum: number): number {
  let deepest = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const next = stack.pop() as { value: unknown; depth: number };
    if (next.value === null || typeof next.value !== "object") continue;
    deepest = Math.max(deepest, next.depth);
    if (deepest > maximum) return deepest;
    for (const item of Object.values(next.value)) stack.push({ value: item, depth: next.depth + 1 });
  }
  return deepest;
}

class SchemaSizer {
  private total = 0;
  private readonly sized = new Map<string, number>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly root: Record<string, unknown>,
    private readonly limits: OutputSchemaLimits,
  ) {}

  sizeOfRoot(): number {
    return this.sizeOf(this.root, true);
  }

  private sizeOf(schema: unknown, atRoot = false): number {
    if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return 0;
    const record = schema as Record<string, unknown>;
    let size = this.count(1);
    for (const keyword of UNSUPPORTED_KEYWORDS) if (keyword in record) throw new SchemaLimitError(`outputSchema: ${keyword} is not supported`);
    if (!atRoot && (typeof record.$id === "string" || typeof record.id === "string"))
      throw new SchemaLimitError("outputSchema: $id is supported on the root schema only");
    if (record.uniqueItems === true && !(typeof record.maxItems === "number" && record.maxItems <= this.limits.maxUniqueItems)) {
      throw new SchemaLimitError(`outputSchema: uniqueItems needs a maxItems of at most ${this.limits.maxUniqueItems} beside it`);
    }
    for (const keyword of SCHEMA_KEYWORDS) size += this.sizeOf(record[keyword]);
    for (const keyword of SCHEMA_ARRAY_KEYWORDS) if (Array.isArray(record[keyword])) for (const item of record[keyword] as unknown[]) size += this.sizeOf(item);
    for (const keyword of SCHEMA_MAP_KEYWORDS) {
      const map = record[keyword];
      if (map === null || typeof map !== "object" || Array.isArray(map)) continue;
      for (const item of Object.values(map)) size += this.sizeOf(item);
    }
    if (typeof record.$ref === "string") size += this.sizeOfReference(record.$ref);
    return size;
  }

  // A target's size is added once per reference to it (that is what validation
  // costs), but computed once: linear in the schema, whatever the fan-out.
  private sizeOfReference(reference: string): number {
    const known = this.sized.get(reference);
    if (known !== undefined) return this.count(known);
    if (this.resolving.has(reference))
      throw new SchemaLimitError(`outputSchema: $ref ${JSON.stringify(reference.slice(0, 100))} is recursive, which is not supported`);
    this.resolving.add(reference);
    const before = this.total;
    this.sizeOf(this.resolve(reference));
    const size = this.total - before;
    this.resolving.delete(reference);
    this.sized.set(reference, size);
    return size;
  }

  private resolve(reference: string): unknown {
    if (reference !== "#" && !reference.startsWith("#/")) {
      throw new SchemaLimitError(`outputSchema: only local references such as "#/$defs/name" are supported, not ${JSON.stringify(reference.slice(0, 100))}`);
    }
    let target: unknown = this.root;
    for (const encoded of reference.split("/").slice(1)) {
      const token = decodePointerToken(encoded);
      if (target === null || typeof target !== "object" || !Object.prototype.hasOwnProperty.call(target, token)) {
        throw new SchemaLimitError(`outputSchema: $ref ${JSON.stringify(reference.slice(0, 100))} points at nothing`);
      }
      target = (target as Record<string, unknown>)[token];
    }
    return target;
  }

  private count(size: number): number {
    this.total += size;
    if (this.total > this.limits.maxExpandedSubschemas) {
      throw new SchemaLimitError(`outputSchema expands to more than ${this.limits.maxExpandedSubschemas} subschemas through its $refs and combinators`);
    }
    return size;
  }
}

function decodePointerToken(token: string): string {
  let decoded = token;
  try {
    decoded = decodeURIComponent(token);
  } catch {
    // Not percent-encoded: used as it is.
  }
  return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
}
