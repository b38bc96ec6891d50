import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeWhatIf, type RoutedTierRow } from "../src";

const usage = { inputTokens: 1_000_000, outputTokens: 100_000, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };
const routed: RoutedTierRow[] = [
  { taskType: "campaign_summary", tier: "standard", tasks: 100, costUsd: 10, usage },
  { taskType: "data_extraction", tier: "standard", tasks: 50, costUsd: 4, usage },
  { taskType: "keyword_relevance", tier: "fast", tasks: 500, costUsd: 1, usage },
];
const prices = { fast: { input: 1, output: 5 }, standard: { input: 3, output: 15 }, powerful: { input: 5, output: 25 } } as const;

describe("computeWhatIf", () => {
  it("uses the measured pairs' cost ratio where there are pairs and repriced tokens (an estimate) where there are none", () => {
    const report = computeWhatIf({
      proposal: { campaign_summary: "fast", data_extraction: "fast" },
      routed,
      pairs: [
        {
          taskType: "campaign_summary",
          originalTier: "standard",
          shadowTier: "fast",
          samples: 40,
          agreements: 39,
          pricedPairs: 40,
          originalCostUsd: 2,
          shadowCostUsd: 0.5,
        },
      ],
      reprice: (tier, tokens) => (tokens.inputTokens * prices[tier].input + tokens.outputTokens * prices[tier].output) / 1_000_000,
    });
    const byType = new Map(report.rows.map((row) => [row.taskType, row]));
    assert.equal(byType.get("campaign_summary")?.proposedUsd, 2.5, "10 paid x 0.5 / 2 measured");
    assert.match(byType.get("campaign_summary")?.basis ?? "", /measured on 40 pairs/);
    assert.match(byType.get("campaign_summary")?.evidence ?? "", /standard->fast: agreement 97\.5% \(95% \d+\.\d%-\d+\.\d%, n=40\)/);
    assert.equal(byType.get("data_extraction")?.proposedUsd, 1.5, "1M input x $1 + 100k output x $5");
    assert.match(byType.get("data_extraction")?.basis ?? "", /estimate: tokens repriced/);
    assert.equal(byType.get("keyword_relevance")?.proposedUsd, 1);
    assert.equal(report.paidUsd, 15);
    assert.equal(report.proposedUsd, 5);
    assert.equal(report.changePercent, -66.7);
  });

  it("reads guard pairs the other way round (the cheaper tier answered, the dearer one re-ran)", () => {
    const report = computeWhatIf({
      proposal: { campaign_summary: "fast" },
      routed: [routed[0] as RoutedTierRow],
      pairs: [
        {
          taskType: "campaign_summary",
          originalTier: "fast",
          shadowTier: "standard",
          samples: 10,
          agreements: 10,
          pricedPairs: 10,
          originalCostUsd: 1,
          shadowCostUsd: 4,
        },
      ],
      reprice: () => null,
    });
    assert.equal(report.rows[0]?.proposedUsd, 2.5);
  });
});
