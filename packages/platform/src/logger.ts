import pino, { type Logger, type LoggerOptions } from "pino";
import { boundText } from "./bound-text";
import { redactText } from "./redact-text";

export type { Logger } from "pino";

export interface CreateLoggerOptions {
  /** The process or component name, written as `name` on every line. */
  name: string;
  level?: string;
  /** Keep prompt and completion text in logs. Off by default: content is data the team may not store. */
  logContent?: boolean;
  /** Where lines go; defaults to standard output. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

// "token$" catches accessToken and x-auth-token but not inputTokens or maxTokens.
const SECRET_KEY =
  /(api[-_]?key|password|passwd|passphrase|pwd|secret|authorization|token$|credential|sasl|cookie|private[-_]?key|access[-_]?key|session[-_]?(id|key|token)|signature|dsn|connection[-_]?string|bearer|^auth$|^pass$)/i;
/** Longest string a log line carries: an error's message or stack included. */
const MAX_LOGGED_STRING = 4_096;
const CONTENT_KEY = /^(prompt|system|messages|content|text|completion|output|outputs|json|originalOutput|shadowOutput|originalText|shadowText)$/;
const REDACTED = "[redacted]";
const MAX_DEPTH = 8;

/**
 * Returns a copy of `value` in which every secret-looking key, at any depth,
 * is replaced, and content keys are too unless `logContent` is set.
 * pino's own `redact` needs the paths in advance; secrets arrive nested in
 * SDK errors and configs whose shape we do not control.
 */
export function redactForLog(value: unknown, logContent = false, depth = 0): unknown {
  if (typeof value === "string") return redactString(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[depth]";
  if (value instanceof Error) return redactError(value, logContent, depth);
  if (Array.isArray(value)) return value.map((item) => redactForLog(item, logContent, depth + 1));
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(key)) copy[key] = REDACTED;
    else if (!logContent && CONTENT_KEY.test(key)) copy[key] = describeContent(item);
    else copy[key] = redactForLog(item, logContent, depth + 1);
  }
  return copy;
}

/** Secrets that a string carries (URL passwords, echoed headers, keys) removed, and its length bounded. */
function redactString(value: string): string {
  return boundText(redactText(value.length > MAX_LOGGED_STRING * 2 ? value.slice(0, MAX_LOGGED_STRING * 2) : value), MAX_LOGGED_STRING);
}

function redactError(error: Error, logContent: boolean, depth: number): Record<string, unknown> {
  const fields: Record<string, unknown> = { type: error.name, message: redactString(error.message) };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) fields.code = code;
  const retryable = (error as { retryable?: unknown }).retryable;
  if (retryable !== undefined) fields.retryable = retryable;
  const status = (error as { status?: unknown }).status;
  if (status !== undefined) fields.status = status;
  if (error.stack) fields.stack = redactString(error.stack);
  if (error.cause !== undefined) fields.cause = redactForLog(error.cause, logContent, depth + 1);
  return fields;
}

function describeContent(item: unknown): string {
  if (typeof item === "string") return `[content: ${item.length} chars]`;
  return "[content]";
}

/** The one root logger of a process; components take `logger.child({ component })`. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const logContent = options.logContent ?? false;
  const pinoOptions: LoggerOptions = {
    name: options.name,
    level: options.level ?? "info",
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Errors go through redaction too: SDK errors carry request headers.
    serializers: { err: (error: unknown) => redactForLog(error, logContent) },
    formatters: {
      level: (label) => ({ level: label }),
      bindings: (bindings) => redactForLog(bindings, logContent) as Record<string, unknown>,
      log: (object) => redactForLog(object, logContent) as Record<string, unknown>,
    },
  };
  const root = options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
  return redactChildBindings(root, root.child, logContent);
}

// pino applies `formatters.bindings` to the root only; child bindings (where
// a config or a task often lands) are redacted here, at every level.
type ChildFunction = (this: Logger, bindings: pino.Bindings, options?: pino.ChildLoggerOptions) => Logger;

function redactChildBindings(logger: Logger, pinoChild: unknown, logContent: boolean): Logger {
  const child = pinoChild as ChildFunction;
  const redacted: ChildFunction = (bindings, childOptions) =>
    redactChildBindings(child.call(logger, redactForLog(bindings, logContent) as pino.Bindings, childOptions), pinoChild, logContent);
  (logger as unknown as { child: ChildFunction }).child = redacted;
  return logger;
}
