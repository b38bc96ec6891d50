import { createHash } from "node:crypto";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { boundText, describeError } from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import { checkOutputSchemaLimits, DEFAULT_OUTPUT_SCHEMA_LIMITS, type OutputSchemaLimits } from "./check-output-schema-limits";
import { linearRegExp } from "./linear-regexp";

/** Longest reason a failed validation gives (it ends up in a result and a log line). */
export const MAX_VALIDATION_REASON_CHARS = 500;
const MAX_REPORTED_ERRORS = 3;

export interface OutputSchemaCacheLimits {
  /** Compiled schemas kept, least recently used dropped first. */
  maxEntries: number;
  /** Sum of the cached schemas' JSON sizes, in UTF-16 code units. */
  maxChars: number;
}

export const DEFAULT_OUTPUT_SCHEMA_CACHE_LIMITS: OutputSchemaCacheLimits = { maxEntries: 128, maxChars: 4 * 1024 * 1024 };

export interface CompiledOutputSchema {
  /** Checks a parsed answer; the reason is bounded. */
  validate(value: unknown): { ok: true } | { ok: false; reason: string };
}

interface CacheEntry {
  compiled: CompiledOutputSchema;
  chars: number;
}

// Only ever asked to check a schema against the draft-07 meta-schema: it never
// registers a task's schema, so no $id of one task is seen by another.
const metaSchemaChecker = new Ajv({ strict: false, validateFormats: false, logger: false });
const cache = new Map<string, CacheEntry>();
let cachedChars = 0;
let cacheLimits = DEFAULT_OUTPUT_SCHEMA_CACHE_LIMITS;

/**
 * Compiles a task's outputSchema, or throws InvalidEventError (event_invalid)
 * saying why it cannot be used: over the limits, not a draft-07 schema, or a
 * pattern the linear-time engine does not support. Each distinct schema is
 * compiled once, in an ajv instance of its own (a schema's `$id` or `$ref`
 * cannot reach another task's), and kept in a bounded cache.
 */
export function compileOutputSchema(schema: Record<string, unknown>, limits: OutputSchemaLimits = DEFAULT_OUTPUT_SCHEMA_LIMITS): CompiledOutputSchema {
  const serialized = serialize(schema);
  const key = createHash("sha256").update(serialized).digest("base64");
  const cached = cache.get(key);
  if (cached) {
    // Map order is insertion order: re-inserting marks it most recently used.
    cache.delete(key);
    cache.set(key, cached);
    return cached.compiled;
  }
  const problem = checkOutputSchemaLimits(schema, serialized, limits);
  if (problem !== null) throw new InvalidEventError("event_invalid", problem);
  const compiled = compileIsolated(schema);
  remember(key, { compiled, chars: serialized.length });
  return compiled;
}

/** How many compiled schemas are cached and their total JSON size (metrics, tests). */
export function outputSchemaCacheStats(): { entries: number; chars: number } {
  return { entries: cache.size, chars: cachedChars };
}

/** Sets the cache's bounds and empties it (tests and services that need other bounds). */
export function configureOutputSchemaCache(limits: OutputSchemaCacheLimits): void {
  cacheLimits = limits;
  cache.clear();
  cachedChars = 0;
}

function serialize(schema: Record<string, unknown>): string {
  try {
    return JSON.stringify(schema);
  } catch (error) {
    throw new InvalidEventError("event_invalid", `outputSchema cannot be serialized: ${boundText(describeError(error))}`, { cause: error });
  }
}

function compileIsolated(schema: Record<string, unknown>): CompiledOutputSchema {
  let validate: ValidateFunction;
  try {
    if (!metaSchemaChecker.validateSchema(schema)) throw new Error(metaSchemaChecker.errorsText(metaSchemaChecker.errors));
    // Formats would need ajv-formats and fail compilation in strict mode; a
    // model's output is checked for shape, not for e-mail syntax. No meta
    // schema of its own: the checker above already did that, at a fraction of the cost.
    // inlineRefs off: a referenced definition becomes one function, not a
    // copy per reference (compiling is superlinear in the generated code's size).
    const ajv = new Ajv({
      strict: false,
      validateFormats: false,
      allErrors: false,
      logger: false,
      meta: false,
      validateSchema: false,
      inlineRefs: false,
      code: { regExp: linearRegExp, optimize: false },
    });
    validate = ajv.compile(schema);
  } catch (error) {
    throw new InvalidEventError("event_invalid", `outputSchema is not a usable JSON Schema: ${boundText(describeError(error), MAX_VALIDATION_REASON_CHARS)}`, {
      cause: error,
    });
  }
  return {
    validate(value) {
      if (validate(value)) return { ok: true };
      return { ok: false, reason: describeValidationErrors(validate.errors ?? []) };
    },
  };
}

/** The first few errors, each bounded: a failed anyOf can carry thousands. */
export function describeValidationErrors(errors: readonly ErrorObject[]): string {
  const described = errors
    .slice(0, MAX_REPORTED_ERRORS)
    .map((error) => `${boundText(error.instancePath || "(root)", 100)} ${boundText(error.message ?? "is invalid", 100)}`);
  const more = errors.length > MAX_REPORTED_ERRORS ? ` (and ${errors.length - MAX_REPORTED_ERRORS} more)` : "";
  return boundText(`${described.join("; ")}${more}`, MAX_VALIDATION_REASON_CHARS);
}

function remember(key: string, entry: CacheEntry): void {
  cache.set(key, entry);
  cachedChars += entry.chars;
  for (const [oldest, old] of cache) {
    if (cache.size <= cacheLimits.maxEntries && cachedChars <= cacheLimits.maxChars) break;
    if (oldest === key) break;
    cache.delete(oldest);
    cachedChars -= old.chars;
  }
}
