import type { Tier, TokenUsage } from "@switchyard/contracts";
import { computeWilsonInterval } from "@switchyard/clickhouse";

/** Routed calls (primary and fallback) of one task type on one tier in the window. */
export interface RoutedTierRow {
  taskType: string;
  tier: Tier;
  tasks: number;
  costUsd: number;
  usage: TokenUsage;
}

/** Shadow or guard pairs of one task type between two tiers in the window. */
export interface PairRow {
  taskType: string;
  /** The tier that answered in production. */
  originalTier: Tier;
  /** The tier it was compared with. */
  shadowTier: Tier;
  samples: number;
  agreements: number;
  /** Sums over the pairs with both costs known. */
  pricedPairs: number;
  originalCostUsd: number;
  shadowCostUsd: number;
}

export interface WhatIfRow {
  taskType: string;
  /** Tiers the window's tasks ran on. */
  actualTiers: Tier[];
  proposedTier: Tier | null;
  paidUsd: number;
  proposedUsd: number;
  changePercent: number | null;
  /** measured (pairs' cost ratio), estimate (tokens repriced), or unchanged. */
  basis: string;
  /** Agreement of the pairs between the tiers moved across, when there are any. */
  evidence: string;
}

export interface WhatIfReport {
  rows: WhatIfRow[];
  paidUsd: number;
  proposedUsd: number;
  changePercent: number | null;
}

/**
 * What a proposed policy (task type → tier) would have cost in a past window.
 * Where the window has shadow or guard pairs between a type's actual tier and
 * its proposed one, the measured cost ratio of those pairs (the same tasks on
 * both tiers) is applied; otherwise the tokens are repriced at the proposed
 * tier's model, labelled as an estimate (output length differs between models).
 */
export function computeWhatIf(input: {
  proposal: Readonly<Record<string, Tier>>;
  routed: readonly RoutedTierRow[];
  pairs: readonly PairRow[];
  /** Cost of the given tokens on a tier's model; null when the model has no price. */
  reprice: (tier: Tier, usage: TokenUsage) => number | null;
}): WhatIfReport {
  const types = [...new Set(input.routed.map((row) => row.taskType))].sort();
  const rows = types.map((taskType) => {
    const routed = input.routed.filter((row) => row.taskType === taskType);
    const proposedTier = input.proposal[taskType] ?? null;
    const paidUsd = sum(routed.map((row) => row.costUsd));
    const bases = new Set<string>();
    const evidence: string[] = [];
    let proposedUsd = 0;
    for (const row of routed) {
      if (proposedTier === null || row.tier === proposedTier) {
        proposedUsd += row.costUsd;
        bases.add("unchanged");
        continue;
      }
      const pair = pairBetween(input.pairs, taskType, row.tier, proposedTier);
      if (pair && pair.samples > 0) {
        const interval = computeWilsonInterval(pair.agreements, pair.samples);
        evidence.push(
          `${row.tier}->${proposedTier}: agreement ${percent(interval.rate ?? 0)} (95% ${percent(interval.lower)}-${percent(interval.upper)}, n=${pair.samples})`,
        );
      }
      if (pair && pair.pricedPairs > 0 && pair.originalCostUsd > 0) {
        const ratio = pair.direction === "forward" ? pair.shadowCostUsd / pair.originalCostUsd : pair.originalCostUsd / pair.shadowCostUsd;
        proposedUsd += row.costUsd * (Number.isFinite(ratio) ? ratio : 1);
        bases.add(`measured on ${pair.pricedPairs} pairs`);
        continue;
      }
      const repriced = input.reprice(proposedTier, row.usage);
      proposedUsd += repriced ?? row.costUsd;
      bases.add(repriced === null ? "unpriced: kept as paid" : "estimate: tokens repriced");
    }
    return {
      taskType,
      actualTiers: [...new Set(routed.map((row) => row.tier))],
      proposedTier,
      paidUsd: round(paidUsd),
      proposedUsd: round(proposedUsd),
      changePercent: changePercent(paidUsd, proposedUsd),
      basis: [...bases].join("; "),
      evidence: evidence.join("; ") || (proposedTier === null ? "" : "no pairs"),
    };
  });
  const paidUsd = sum(rows.map((row) => row.paidUsd));
  const proposedUsd = sum(rows.map((row) => row.proposedUsd));
  return { rows, paidUsd: round(paidUsd), proposedUsd: round(proposedUsd), changePercent: changePercent(paidUsd, proposedUsd) };
}

/** Pairs measured from `from` to `to`, or the other way round (guard pairs run the dearer tier second). */
function pairBetween(pairs: readonly PairRow[], taskType: string, from: Tier, to: Tier): (PairRow & { direction: "forward" | "reverse" }) | null {
  const forward = pairs.filter((pair) => pair.taskType === taskType && pair.originalTier === from && pair.shadowTier === to);
  if (forward.length > 0) return { ...merge(forward), direction: "forward" };
  const reverse = pairs.filter((pair) => pair.taskType === taskType && pair.originalTier === to && pair.shadowTier === from);
  if (reverse.length > 0) return { ...merge(reverse), direction: "reverse" };
  return null;
}

function merge(pairs: readonly PairRow[]): PairRow {
  const first = pairs[0] as PairRow;
  return {
    ...first,
    samples: sum(pairs.map((pair) => pair.samples)),
    agreements: sum(pairs.map((pair) => pair.agreements)),
    pricedPairs: sum(pairs.map((pair) => pair.pricedPairs)),
    originalCostUsd: sum(pairs.map((pair) => pair.originalCostUsd)),
    shadowCostUsd: sum(pairs.map((pair) => pair.shadowCostUsd)),
  };
}

function changePercent(paid: number, proposed: number): number | null {
  return paid > 0 ? Math.round(1000 * (proposed / paid - 1)) / 10 : null;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}
