import type { ResultEvent, TaskEventInput, TopicNames } from "@switchyard/contracts";

/**
 * Today's default lineup at the prices Anthropic published (checked
 * 2026-11-30), USD per million tokens: the test's own copy, not the book's.
 * Haiku 5.5's higher band above 100k prompt tokens is not reached here.
 */
export const SPEC_PRICES: Record<string, { input: number; output: number; cacheWrite5m: number; cacheRead: number }> = {
  "claude-haiku-5-5": { input: 0.1, output: 0.5, cacheWrite5m: 0.125, cacheRead: 0.01 },
  "claude-sonnet-5-5": { input: 2, output: 10, cacheWrite5m: 2.5, cacheRead: 0.1 },
  "claude-opus-5-5": { input: 4, output: 20, cacheWrite5m: 5, cacheRead: 0.2 },
};

/** Cost of some usage at those prices (cache writes at the 5-minute rate). */
export function expectedCostUsd(model: string, usage: ResultEvent["usage"]): number {
  const price = SPEC_PRICES[model];
  if (!price) throw new Error(`no SPEC price for ${model}`);
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheCreationInputTokens * price.cacheWrite5m +
      usage.cacheReadInputTokens * price.cacheRead) /
    1_000_000
  );
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
