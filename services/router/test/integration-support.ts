import type { ResultEvent, TaskEventInput, TopicNames } from "@switchyard/contracts";
import { computeExpectedCostUsd, type TestPrice } from "@switchyard/test-support";

/**
 * Today's default lineup at the prices Anthropic published (checked
 * 2026-11-30), USD per million tokens: the test's own copy, not the book's.
 * Haiku 5.5's higher band above 100k prompt tokens is not reached here.
 */
export const SPEC_PRICES: Record<string, TestPrice> = {
  "claude-haiku-5-5": { inputPerMillion: 0.1, outputPerMillion: 0.5, cacheWrite5mPerMillion: 0.125, cacheReadPerMillion: 0.01 },
  "claude-sonnet-5-5": { inputPerMillion: 2, outputPerMillion: 10, cacheWrite5mPerMillion: 2.5, cacheReadPerMillion: 0.1 },
  "claude-opus-5-5": { inputPerMillion: 4, outputPerMillion: 20, cacheWrite5mPerMillion: 5, cacheReadPerMillion: 0.2 },
};

/** Cost of some usage at those prices (cache writes at the 5-minute rate). */
export function expectedCostUsd(model: string, usage: ResultEvent["usage"]): number {
  const price = SPEC_PRICES[model];
  if (!price) throw new Error(`no SPEC price for ${model}`);
  return computeExpectedCostUsd(usage, price);
}

export function taskMessage(topics: TopicNames, task: TaskEventInput): { topic: string; key: string; value: string } {
  return { topic: topics.tasks, key: task.id, value: JSON.stringify(task) };
}

/** Groups events by task id. */
export function byTaskId<Event>(events: readonly Event[], idOf: (event: Event) => string): Map<string, Event[]> {
  const grouped = new Map<string, Event[]>();
  for (const event of events) {
    const id = idOf(event);
    const list = grouped.get(id) ?? [];
    list.push(event);
    grouped.set(id, list);
  }
  return grouped;
}
