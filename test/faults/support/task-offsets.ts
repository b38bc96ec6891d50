import type { ResultEvent } from "@switchyard/contracts";
import type { ProbedMessage } from "./kafka-probe";

export interface TaskPosition {
  partition: number;
  offset: bigint;
}

/** Where each task landed in the tasks topic, by key. */
export function mapTaskPositions(tasks: readonly ProbedMessage[]): Map<string, TaskPosition> {
  return new Map(tasks.flatMap((message) => (message.key === null ? [] : [[message.key, { partition: message.partition, offset: message.offset }] as const])));
}

/**
 * The tasks a killed router had answered but not committed: their first
 * result is older than the kill and their offset is at or past the group's
 * committed offset read right after the kill. Exactly these are consumed again,
 * so only these may be answered twice.
 */
export function answeredButUncommitted(
  resultsByTask: ReadonlyMap<string, readonly ResultEvent[]>,
  positions: ReadonlyMap<string, TaskPosition>,
  killedAt: number,
  committed: ReadonlyMap<number, bigint>,
): Set<string> {
  const found = new Set<string>();
  for (const [taskId, results] of resultsByTask) {
    const first = Math.min(...results.map((result) => Date.parse(result.completedAt)));
    const position = positions.get(taskId);
    if (!position || !(first < killedAt)) continue;
    if (position.offset >= (committed.get(position.partition) ?? 0n)) found.add(taskId);
  }
  return found;
}
