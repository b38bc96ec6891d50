/**
 * The demo's task mix: the article's volumes, ~70% of requests on the fast
 * tier (keyword relevance and data extraction), ~25% standard (campaign
 * summaries) and ~5% powerful (account strategy), with prompt sizes in
 * estimated tokens (4 characters each) around each type's typical input.
 */
export interface DemoTaskKind {
  type: string;
  /** Share of all demo tasks. */
  share: number;
  /** Short form used in task ids. */
  idPrefix: string;
  feature: string;
  /** Range of the user message's size, in estimated tokens. */
  promptTokens: { minimum: number; maximum: number };
  maxTokens: number;
}

export const DEMO_MIX: readonly DemoTaskKind[] = [
  {
    type: "keyword_relevance",
    share: 0.5,
    idPrefix: "kw",
    feature: "keyword-suggestions",
    promptTokens: { minimum: 200, maximum: 700 },
    maxTokens: 200,
  },
  {
    type: "data_extraction",
    share: 0.2,
    idPrefix: "dx",
    feature: "invoice-import",
    // Below the 3,000 tokens that keep structured work on the fast tier.
    promptTokens: { minimum: 900, maximum: 2_200 },
    maxTokens: 500,
  },
  {
    type: "campaign_summary",
    share: 0.25,
    idPrefix: "cs",
    feature: "weekly-campaign-report",
    promptTokens: { minimum: 3_000, maximum: 8_000 },
    maxTokens: 1_024,
  },
  {
    type: "account_strategy",
    share: 0.05,
    idPrefix: "as",
    feature: "account-review",
    // Tens of thousands of tokens, below the 50,000 of rule 1.
    promptTokens: { minimum: 10_000, maximum: 26_000 },
    maxTokens: 2_048,
  },
];

/**
 * Tasks per kind for a run of `total`: each kind's share, rounded by largest
 * remainder so that the counts add up to the total exactly.
 */
export function allocateDemoTasks(total: number, mix: readonly DemoTaskKind[] = DEMO_MIX): Map<string, number> {
  const exact = mix.map((kind) => ({ type: kind.type, value: total * kind.share }));
  const counts = new Map(exact.map((entry) => [entry.type, Math.floor(entry.value)]));
  let remaining = total - [...counts.values()].reduce((sum, count) => sum + count, 0);
  const byRemainder = [...exact].sort((left, right) => (right.value % 1) - (left.value % 1));
  for (const entry of byRemainder) {
    if (remaining <= 0) break;
    counts.set(entry.type, (counts.get(entry.type) ?? 0) + 1);
    remaining -= 1;
  }
  return counts;
}
