import type { ResultEvent } from "@switchyard/contracts";
import type { ServiceProcess } from "@switchyard/test-support";
import type { TaskPosition } from "./task-offsets";

/** A router starting on a partition new to it, at the group's committed offset (its "partition taken over" log line). */
export interface HandOver {
  router: string;
  partition: number;
  fromOffset: bigint;
  at: number;
}

export const TAKEN_OVER_LOG = "partition taken over";

/** Every hand-over of a topic's partitions the routers logged, the first assignments included. */
export function readHandOvers(routers: readonly ServiceProcess[], topic: string): HandOver[] {
  return routers.flatMap((router) =>
    router
      .logEntries()
      .filter((entry) => entry.msg === TAKEN_OVER_LOG && entry.topic === topic)
      .map((entry) => ({
        router: `${router.name}[${router.pid}]`,
        partition: Number(entry.partition),
        fromOffset: BigInt(String(entry.fromOffset)),
        at: Date.parse(String(entry.time)),
      })),
  );
}

export interface RepeatExplanation {
  taskId: string;
  partition: number;
  /** From the task's first answer to the hand-over that made it consumed again. */
  answeredBeforeHandOverMs: number;
}

/**
 * At-least-once through rebalances: a task is answered again only because its
 * partition was handed over (to another router, or back) after it had been
 * taken and before its offset was committed, so the new owner started at or
 * before it. Every repeat needs a hand-over of its own: one after the previous
 * answer's router received the task and before this answer, starting at or
 * before the task's offset. The window opens at the receipt, not the answer:
 * under eager rebalancing the old owner learns of the revocation only after the
 * new owner may have started, so a call in flight can still be answered then.
 * Sorts the duplicated task ids into those a hand-over explains and the rest.
 */
export function explainRepeats(
  duplicatedIds: readonly string[],
  resultsByTask: ReadonlyMap<string, readonly ResultEvent[]>,
  positions: ReadonlyMap<string, TaskPosition>,
  handOvers: readonly HandOver[],
): { explained: RepeatExplanation[]; unexplained: string[] } {
  const explained: RepeatExplanation[] = [];
  const unexplained: string[] = [];
  for (const taskId of duplicatedIds) {
    const position = positions.get(taskId);
    const answers = [...(resultsByTask.get(taskId) ?? [])]
      .map((result) => ({ received: Date.parse(result.completedAt) - result.latencyMs, answered: Date.parse(result.completedAt) }))
      .sort((left, right) => left.answered - right.answered);
    const candidates = position ? handOvers.filter((handOver) => handOver.partition === position.partition && handOver.fromOffset <= position.offset) : [];
    const used: HandOver[] = [];
    for (let index = 1; index < answers.length; index += 1) {
      const previous = answers[index - 1]!;
      const repeat = answers[index]!;
      const cause = candidates.find((handOver) => !used.includes(handOver) && handOver.at >= previous.received && handOver.at <= repeat.answered);
      if (!cause) break;
      used.push(cause);
    }
    if (!position || used.length !== answers.length - 1) unexplained.push(taskId);
    else explained.push({ taskId, partition: position.partition, answeredBeforeHandOverMs: used[0]!.at - answers[0]!.answered });
  }
  return { explained, unexplained };
}
