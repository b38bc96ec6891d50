import { type z } from "zod";
import { boundText, describeError, quoteValue } from "@switchyard/platform";
import { InvalidEventError } from "./invalid-event-error";
import { exceedsJsonDepth } from "./measure-json-depth";
import { sanitizeParsedJson, toWellFormed } from "./sanitize-text";

/** Deepest nesting of objects and arrays accepted in a message. */
export const MAX_EVENT_DEPTH = 64;
const BYTE_ORDER_MARK = "\uFEFF";

export interface DecodeOptions {
  /** Largest accepted message in bytes. */
  maxBytes: number;
  /** The versions this schema understands. */
  supportedVersions?: readonly number[];
  /**
   * Told the top-level fields of a valid event that its schema does not know
   * (accepted and dropped), so that a producer's typo can be counted.
   */
  onUnknownFields?: (fields: readonly string[]) => void;
  /** Deepest nesting of objects and arrays. Default MAX_EVENT_DEPTH. */
  maxDepth?: number;
}

/**
 * Decodes a message value into a typed event, or throws InvalidEventError with
 * the reason and, when it could be read, the task id (so the caller can still
 * answer the task). Whatever is wrong with the bytes, nothing else is thrown.
 * A leading byte-order mark is skipped; lone surrogates in strings become
 * U+FFFD, so every string of an accepted event can be stored as UTF-8.
 */
export function decodeEvent<Schema extends z.ZodType>(schema: Schema, value: Buffer | string | null, options: DecodeOptions): z.infer<Schema> {
  if (value === null) throw new InvalidEventError("event_invalid", "message has no value");
  const size = typeof value === "string" ? Buffer.byteLength(value) : value.length;
  const decoded = typeof value === "string" ? value : value.toString("utf8");
  const text = decoded.startsWith(BYTE_ORDER_MARK) ? decoded.slice(1) : decoded;
  if (size > options.maxBytes) {
    throw new InvalidEventError("event_too_large", `message is ${size} bytes, over the limit of ${options.maxBytes}`, {
      taskId: peekTaskId(text),
    });
  }
  const maxDepth = options.maxDepth ?? MAX_EVENT_DEPTH;
  if (exceedsJsonDepth(text, maxDepth)) {
    throw new InvalidEventError("event_invalid", `message nests objects and arrays deeper than ${maxDepth} levels`, { taskId: peekTaskId(text) });
  }
  let parsed: unknown;
  try {
    parsed = sanitizeParsedJson(JSON.parse(text), text);
  } catch {
    // JSON.parse's own message quotes the input, which may be a prompt: say
    // only what is wrong and where (DLQ headers and logs carry this text).
    throw new InvalidEventError("event_not_json", `message is not JSON (${size} bytes${describeFirstByte(text)})`);
  }
  const taskId = readTaskId(parsed);
  const supportedVersions = options.supportedVersions ?? [1];
  const version = isRecord(parsed) ? parsed.version : undefined;
  if (version !== undefined && !supportedVersions.includes(version as number)) {
    throw new InvalidEventError(
      "event_version_unsupported",
      `version ${quoteValue(version, 40)} is not supported (supported: ${supportedVersions.join(", ")})`,
      { taskId },
    );
  }
  let result: z.ZodSafeParseResult<z.infer<Schema>>;
  try {
    result = schema.safeParse(parsed);
  } catch (error) {
    throw new InvalidEventError("event_invalid", `message cannot be checked against its schema: ${boundText(describeError(error), 100)}`, {
      taskId,
      cause: error,
    });
  }
  if (!result.success) {
    throw new InvalidEventError("event_invalid", describeIssues(result.error), { taskId, cause: result.error });
  }
  if (options.onUnknownFields) reportUnknownFields(schema, parsed, options.onUnknownFields);
  return result.data;
}

function reportUnknownFields(schema: z.ZodType, parsed: unknown, report: (fields: readonly string[]) => void): void {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  if (shape === undefined || !isRecord(parsed)) return;
  const unknown = Object.keys(parsed).filter((field) => !Object.hasOwn(shape, field));
  if (unknown.length > 0) report(unknown);
}

/** A short, readable summary of the first few schema problems. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? boundText(issue.path.map(String).join("."), 100) : "(root)"}: ${boundText(issue.message, 200)}`)
    .join("; ");
}

function readTaskId(parsed: unknown): string | undefined {
  if (!isRecord(parsed)) return undefined;
  const id = parsed.id ?? parsed.taskId;
  if (typeof id !== "string" || id.length === 0 || id.length > 200) return undefined;
  return toWellFormed(id);
}

// An oversized message is not parsed in full: the id is looked for near the start.
function peekTaskId(text: string): string | undefined {
  const match = /"id"\s*:\s*"((?:[^"\\]|\\.){1,200})"/.exec(text.slice(0, 4096));
  if (!match?.[1]) return undefined;
  try {
    return toWellFormed(JSON.parse(`"${match[1]}"`) as string);
  } catch {
    return undefined;
  }
}

function describeFirstByte(text: string): string {
  const first = text.trimStart()[0];
  if (first === undefined) return ", empty";
  return first === "{" || first === "[" ? ", malformed" : ", does not start with { or [";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
