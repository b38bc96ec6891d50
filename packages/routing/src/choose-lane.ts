import { resolveDeadline, type TaskEvent } from "@switchyard/contracts";
import type { RoutingConfig } from "./routing-config";

export type Lane = "sync" | "batch";

export interface LaneDecision {
  lane: Lane;
  /** The deadline in ms since the epoch; null when the task has none. */
  deadlineAt: number | null;
  /** Set when the deadline has passed already: the task is invalid. */
  invalidReason: string | null;
}

const HOUR_MS = 3_600_000;

/**
 * Sync or batch: a deadline at least `batch.marginHours` away goes to the
 * batch lane (a batch may take up to 24 h); a closer one stays sync; a task
 * without a deadline follows its type's `batchByDefault`. A deadline that has
 * passed is never sent anywhere silently: it makes the task invalid.
 * `createdAtMs` anchors a duration such as "6h" (the task's createdAt, else
 * when it was published).
 */
export function chooseLane(task: Pick<TaskEvent, "deadline" | "createdAt" | "type">, config: RoutingConfig, now: number, createdAtMs: number): LaneDecision {
  const byDefault = config.batch.enabled && config.taskTypes[task.type]?.batchByDefault === true;
  if (task.deadline === undefined) return { lane: byDefault ? "batch" : "sync", deadlineAt: null, invalidReason: null };
  const anchor = task.createdAt === undefined ? createdAtMs : Date.parse(task.createdAt);
  const deadlineAt = resolveDeadline(task.deadline, anchor);
  if (deadlineAt <= now) {
    return { lane: "sync", deadlineAt, invalidReason: `deadline: ${task.deadline} (${new Date(deadlineAt).toISOString()}) has already passed` };
  }
  const lane = config.batch.enabled && deadlineAt - now >= config.batch.marginHours * HOUR_MS ? "batch" : "sync";
  return { lane, deadlineAt, invalidReason: null };
}
