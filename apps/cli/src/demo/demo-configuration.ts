import type { SimulatorConfigInput } from "@switchyard/model-simulator";
import { resolveRoutingConfig, type RoutingConfig } from "@switchyard/routing";
import { DEMO_MIX } from "./demo-mix";

/** The article's 2024 models: the demo's tiers, so that its savings are the article's. */
export const ARTICLE_MODELS = { fast: "claude-3-haiku", standard: "claude-3-5-sonnet", powerful: "claude-3-opus" } as const;

/** The article's "Results in Production" cost changes and overall reduction, in percent. */
export const ARTICLE_COST_CHANGES: Readonly<Record<string, number>> = {
  keyword_relevance: -98,
  campaign_summary: -80,
  account_strategy: 0,
  data_extraction: -92,
};
export const ARTICLE_OVERALL_CHANGE = -60;
export const ARTICLE_TIER_SHARES = { fast: 0.7, standard: 0.25, powerful: 0.05 } as const;

/** The service default; the demo raises it so that a short run collects enough samples. */
export const DEFAULT_SHADOW_RATE = 0.05;
/** Comparisons the demo aims for on the most common shadowed type (the shadow report wants 100). */
const WANTED_SHADOW_SAMPLES = 250;

/**
 * The simulator's quality model in the demo: the cheaper tier agrees with the
 * original on 99.5% of campaign summaries (the evidence says: move down) and
 * on 70% of account strategies (it says: keep on the powerful tier).
 */
export const DEMO_AGREEMENT: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  campaign_summary: { [ARTICLE_MODELS.fast]: 0.995 },
  account_strategy: { [ARTICLE_MODELS.standard]: 0.7 },
};

/** The agreement of the moved type's new tier in the demo's third phase: the guard must catch it. */
export const DEGRADED_AGREEMENT = 0.6;

/** Guard pairs the demo aims for in each loop phase: the guard decides on 100, those of phases 2 and 3 together. */
const WANTED_GUARD_PAIRS_PER_PHASE = 120;

/**
 * The demo's controller and guard: the service defaults (95% target, 100
 * samples), every task of a moved type re-run by the guard (the default is
 * 5%) so that short phases collect enough guard pairs, and no step interval
 * (a run lasts a minute).
 */
export function demoPolicySettings() {
  return { autoApply: false, target: 0.95, minSamples: 100, guardRate: 1, stepIntervalMinutes: 0 };
}

/**
 * Tasks in each of the loop's phases (2 and 3): enough for about 120 guard
 * pairs of campaign summaries each (480 tasks), and half of phase 1 at most.
 * The story needs no more: phase 2 routes the new policy's mix, phase 3 gives
 * the guard its evidence.
 */
export function chooseLoopPhaseTasks(tasks: number): number {
  const summaryShare = DEMO_MIX.find((kind) => kind.type === "campaign_summary")?.share ?? 0.25;
  return Math.max(1, Math.min(Math.ceil(tasks / 2), Math.ceil(WANTED_GUARD_PAIRS_PER_PHASE / summaryShare)));
}

/** The shadow rate that gives about 250 campaign-summary comparisons in a run of `tasks` (5% at most volumes past 20,000). */
export function chooseDemoShadowRate(tasks: number): number {
  const summaries = tasks * (DEMO_MIX.find((kind) => kind.type === "campaign_summary")?.share ?? 0.25);
  if (summaries === 0) return 1;
  return Math.min(1, Math.max(DEFAULT_SHADOW_RATE, Math.ceil((100 * WANTED_SHADOW_SAMPLES) / summaries) / 100));
}

/**
 * The built-in task types and baselines on the article's models, shadowing at
 * `shadowRate`. Two of those models are retired on the API; the demo only
 * calls the simulator.
 */
export function buildDemoRoutingConfig(shadowRate: number): RoutingConfig {
  // Batches are sent after a second and polled often: the demo compresses a night into seconds.
  return resolveRoutingConfig({
    models: { ...ARTICLE_MODELS },
    shadow: { defaultRate: shadowRate },
    batch: { maxAgeMs: 1_000, pollIntervalMs: 200 },
    policy: demoPolicySettings(),
  });
}

/**
 * The simulator for the demo. Its rate limits are set far above the
 * default tier's: the router honours the API's rate-limit headers, and the
 * demo compresses hours of traffic into seconds.
 */
export function buildDemoSimulatorConfig(latencyScale: number): SimulatorConfigInput {
  return {
    seed: "switchyard-demo",
    latencyScale,
    rateLimits: { requestsPerMinute: 1_000_000, inputTokensPerMinute: 2_000_000_000, outputTokensPerMinute: 400_000_000 },
    batches: { processingMs: 1_000 },
    quality: { agreement: Object.fromEntries(Object.entries(DEMO_AGREEMENT).map(([type, models]) => [type, { ...models }])) },
  };
}
