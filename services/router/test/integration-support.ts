import type { ResultEvent, TaskEventInput, TopicNames } from "@switchyard/contracts";
/** Prices of SPEC.md, USD per million tokens (input, output): the test's own copy, not the catalog's. */
export const SPEC_PRICES: Record<string, { input: number; output: number }> = {
  "claude-haiku-4-5": { input: 1, output: 5 },
  "claude-sonnet-4-5": { input: 3, output: 15 },
  "claude-opus-4-5": { input: 5, output: 25 },
};

/** Cost of some usage at SPEC.md's prices: cache writes 1.25× input, reads 0.1× input. */
export function expectedCostUsd(model: string, usage: ResultEvent["usage"]): number {
  const price = SPEC_PRICES[model];
  if (!price) throw new Error(`no SPEC price for ${model}`);
  return (
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheCreationInputTokens * price.input * 1.25 +
      usage.cacheReadInputTokens * price.input * 0.1) /
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
