import { randomUUID } from "node:crypto";
import { DEFAULT_MAX_TASK_BYTES, TaskEventSchema, decodeEvent, type TaskEvent } from "@switchyard/contracts";
import { InvalidEventError } from "@switchyard/contracts";

export interface TaskFlags {
  id?: string | undefined;
  type?: string | undefined;
  prompt?: string | undefined;
  system?: string | undefined;
  maxTokens?: number | undefined;
  tier?: string | undefined;
  metadata: Record<string, string>;
}

const DEFAULT_MAX_TOKENS = 1_024;

/** A new task id for tasks typed without one. */
export function newTaskId(): string {
  return `cli-${randomUUID().slice(0, 8)}`;
}

/**
 * A task from JSON text (a file, stdin or the terminal). A missing id is
 * generated; flags given on the command line override the document's fields.
 * Throws InvalidEventError with one readable reason.
 */
export function parseTaskJson(text: string, flags: TaskFlags, source: string): TaskEvent {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InvalidEventError("event_not_json", `${source} is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new InvalidEventError(
      "event_invalid",
      `${source} must be a JSON object (a task event), not ${Array.isArray(document) ? "an array" : typeof document}`,
    );
  }
  const task = document as Record<string, unknown>;
  const metadata = { ...(isRecord(task.metadata) ? task.metadata : {}), ...flags.metadata };
  return validateTask({
    ...task,
    id: flags.id ?? task.id ?? newTaskId(),
    ...(flags.type === undefined ? {} : { type: flags.type }),
    ...(flags.maxTokens === undefined ? {} : { maxTokens: flags.maxTokens }),
    ...(flags.tier === undefined ? {} : { tier: flags.tier }),
    ...(flags.system === undefined ? {} : { system: flags.system }),
    ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
  });
}

/** A task from flags alone: one user message with the prompt. */
export function buildTaskFromFlags(flags: TaskFlags & { type: string; prompt: string }): TaskEvent {
  return validateTask({
    version: 1,
    id: flags.id ?? newTaskId(),
    type: flags.type,
    ...(flags.tier === undefined ? {} : { tier: flags.tier }),
    ...(flags.system === undefined ? {} : { system: flags.system }),
    messages: [{ role: "user", content: flags.prompt }],
    maxTokens: flags.maxTokens ?? DEFAULT_MAX_TOKENS,
    ...(Object.keys(flags.metadata).length === 0 ? {} : { metadata: flags.metadata }),
    createdAt: new Date().toISOString(),
  });
}

// The router's own decoding: the same schema and size limit, so a task the command accepts is one the router accepts.
function validateTask(task: Record<string, unknown>): TaskEvent {
  return decodeEvent(TaskEventSchema, JSON.stringify(task), { maxBytes: DEFAULT_MAX_TASK_BYTES });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
