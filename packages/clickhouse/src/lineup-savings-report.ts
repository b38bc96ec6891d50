import { z } from "zod";
import type { ReportDefinition, ReportRow } from "./report-definitions";

export const TierPriceSchema = z.object({
  tier: z.enum(["fast", "standard", "powerful"]),
  inputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0),
  cacheWrite5mPerMillion: z.number().min(0),
  cacheReadPerMillion: z.number().min(0),
});
export type TierPrice = z.infer<typeof TierPriceSchema>;

/** The routed calls of a window priced on a lineup (one price per tier) against all on the baseline tier. */
export const LINEUP_SAVINGS_REPORT: ReportDefinition = {
  name: "lineup-savings",
  description:
    "The window's routed calls (their tiers and tokens) priced on a lineup of one model price per tier, against every call on the baseline tier; shadow and guard agreement alongside.",
  file: "lineup-savings.sql",
  defaultPeriodHours: 24,
  parameters: [
    {
      name: "prices",
      description: "one price per tier: [{ tier, inputPerMillion, outputPerMillion, cacheWrite5mPerMillion, cacheReadPerMillion }]",
      schema: z.array(TierPriceSchema).min(1).max(3),
    },
    {
      name: "baselineTier",
      description: "the tier every call would have run on without routing",
      schema: z.enum(["fast", "standard", "powerful"]),
      defaultValue: "powerful",
    },
  ],
  columns: [
    { name: "task_type", description: "the task type, or (all)" },
    { name: "calls", description: "routed calls" },
    { name: "fast_share", description: "share of calls on the fast tier" },
    { name: "standard_share", description: "share on standard" },
    { name: "powerful_share", description: "share on powerful" },
    { name: "lineup_cost_usd", description: "the calls' tokens priced at their tier's price in the lineup" },
    { name: "baseline_cost_usd", description: "the same tokens priced at the baseline tier's price" },
    { name: "cost_change_percent", description: "lineup cost against baseline cost" },
    { name: "shadow_agreement", description: "shadow pairs (before a move): agreement and count" },
    { name: "guard_agreement", description: "guard pairs (after a move): agreement and count" },
  ],
  toSqlValues: (parameters) => ({
    ...parameters,
    prices: (parameters.prices as TierPrice[]).map((price) => [
      price.tier,
      price.inputPerMillion,
      price.outputPerMillion,
      price.cacheWrite5mPerMillion,
      price.cacheReadPerMillion,
    ]),
  }),
  finish: (rows) => finishLineupSavings(rows),
};

function finishLineupSavings(rows: ReportRow[]): ReportRow[] {
  const total = { calls: 0, fast: 0, standard: 0, powerful: 0, lineup: 0, baseline: 0, shadow: 0, shadowAgree: 0, guard: 0, guardAgree: 0 };
  const shaped = rows.map((row) => {
    total.calls += Number(row.calls);
    total.fast += Number(row.fast_calls);
    total.standard += Number(row.standard_calls);
    total.powerful += Number(row.powerful_calls);
    total.lineup += Number(row.lineup_cost_usd);
    total.baseline += Number(row.baseline_cost_usd);
    total.shadow += Number(row.shadow_samples ?? 0);
    total.shadowAgree += Number(row.shadow_agreements ?? 0);
    total.guard += Number(row.guard_samples ?? 0);
    total.guardAgree += Number(row.guard_agreements ?? 0);
    return shape(row.task_type, row);
  });
  if (rows.length === 0) return shaped;
  shaped.push(
    shape("(all)", {
      calls: total.calls,
      fast_calls: total.fast,
      standard_calls: total.standard,
      powerful_calls: total.powerful,
      lineup_cost_usd: round(total.lineup, 6),
      baseline_cost_usd: round(total.baseline, 6),
      cost_change_percent: total.baseline > 0 ? round(100 * (total.lineup / total.baseline - 1), 1) : null,
      shadow_samples: total.shadow,
      shadow_agreements: total.shadowAgree,
      guard_samples: total.guard,
      guard_agreements: total.guardAgree,
    }),
  );
  return shaped;
}

function shape(taskType: unknown, row: ReportRow): ReportRow {
  const calls = Number(row.calls);
  const share = (value: unknown) => (calls === 0 ? 0 : round(Number(value) / calls, 4));
  return {
    task_type: taskType,
    calls,
    fast_share: share(row.fast_calls),
    standard_share: share(row.standard_calls),
    powerful_share: share(row.powerful_calls),
    lineup_cost_usd: row.lineup_cost_usd,
    baseline_cost_usd: row.baseline_cost_usd,
    cost_change_percent: row.cost_change_percent,
    shadow_agreement: agreement(row.shadow_samples, row.shadow_agreements),
    guard_agreement: agreement(row.guard_samples, row.guard_agreements),
  };
}

function agreement(samples: unknown, agreements: unknown): string {
  const count = Number(samples ?? 0);
  if (count === 0) return "";
  return `${round((100 * Number(agreements ?? 0)) / count, 1)}% (n=${count})`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
