import type { ShadowEvent, UsageEvent } from "@switchyard/contracts";
import { computeWilsonInterval, formatClickHouseDateTime, type ModelPrice } from "../../src";
import { computeExpectedCostUsd } from "@switchyard/test-support";

/**
 * The reports computed again in plain TypeScript from the events themselves,
 * without SQL, so that each shipped query is checked against an independent
 * calculation.
 */
export type Row = Record<string, unknown>;

const ROUTED_ROLES = new Set(["primary", "fallback"]);
const HOUR = 3_600_000;

const time = (event: { ts: string }) => Date.parse(event.ts);
const hourStart = (milliseconds: number) => Math.floor(milliseconds / HOUR) * HOUR;
const inRange = (milliseconds: number, from: Date, to: Date) => milliseconds >= from.getTime() && milliseconds < to.getTime();
const inHours = (event: UsageEvent, from: Date, to: Date) => {
  const hour = hourStart(time(event));
  return hour >= hourStart(from.getTime()) && hour < to.getTime();
};
const cost = (event: UsageEvent) => event.costUsd ?? 0;
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = key(item);
    const group = groups.get(name);
    if (group) group.push(item);
    else groups.set(name, [item]);
  }
  return groups;
}

const sum = <T>(items: T[], value: (item: T) => number) => items.reduce((total, item) => total + value(item), 0);

export function expectCostByDay(usage: UsageEvent[], from: Date, to: Date): Row[] {
  const selected = usage.filter((event) => inHours(event, from, to));
  const groups = groupBy(selected, (event) => [event.ts.slice(0, 10), event.type, event.tier, event.model, event.role].join("|"));
  return [...groups.entries()]
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([key, events]) => {
      const [day, taskType, tier, model, role] = key.split("|");
      return {
        day,
        task_type: taskType,
        tier,
        model,
        role,
        calls: events.length,
        input_tokens: sum(events, (event) => event.inputTokens),
        output_tokens: sum(events, (event) => event.outputTokens),
        cache_creation_input_tokens: sum(events, (event) => event.cacheCreationInputTokens),
        cache_read_input_tokens: sum(events, (event) => event.cacheReadInputTokens),
        cost_usd: sum(events, cost),
        unpriced_calls: events.filter((event) => event.costUsd === null).length,
        batch_cost_share: share(
          sum(
            events.filter((event) => event.mode === "batch"),
            cost,
          ),
          sum(events, cost),
        ),
        cached_input_share: share(
          sum(events, (event) => event.cacheReadInputTokens),
          sum(events, (event) => event.inputTokens + event.cacheCreationInputTokens + event.cacheReadInputTokens),
        ),
      };
    });
}

function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

interface WindowOptions {
  from: Date;
  to: Date;
  baselineHours: number;
}

function splitPeriods(usage: UsageEvent[], options: WindowOptions) {
  const windowStart = hourStart(options.from.getTime());
  const baselineStart = windowStart - options.baselineHours * HOUR;
  const routed = usage.filter((event) => ROUTED_ROLES.has(event.role));
  const window = routed.filter((event) => hourStart(time(event)) >= windowStart && hourStart(time(event)) < options.to.getTime());
  const baseline = routed.filter((event) => hourStart(time(event)) >= baselineStart && hourStart(time(event)) < windowStart);
  return { window, baseline };
}

export function expectTierMix(usage: UsageEvent[], options: WindowOptions & { threshold: number; minCalls: number }): Row[] {
  const { window, baseline } = splitPeriods(usage, options);
  const keys = [...new Set([...window, ...baseline].map((event) => `${event.type}|${event.tier}`))].sort();
  return keys.map((key) => {
    const [taskType, tier] = key.split("|");
    const windowTotal = window.filter((event) => event.type === taskType).length;
    const baselineTotal = baseline.filter((event) => event.type === taskType).length;
    const windowCalls = window.filter((event) => event.type === taskType && event.tier === tier).length;
    const baselineCalls = baseline.filter((event) => event.type === taskType && event.tier === tier).length;
    const windowShare = windowTotal === 0 ? 0 : windowCalls / windowTotal;
    const baselineShare = baselineTotal === 0 ? 0 : baselineCalls / baselineTotal;
    const flagged = tier === "powerful" && baselineTotal > 0 && windowTotal >= options.minCalls && windowShare - baselineShare >= options.threshold;
    return {
      task_type: taskType,
      tier,
      window_calls: windowCalls,
      window_total: windowTotal,
      window_share: windowShare,
      baseline_calls: baselineCalls,
      baseline_total: baselineTotal,
      baseline_share: baselineShare,
      share_change: windowShare - baselineShare,
      flagged: flagged ? 1 : 0,
    };
  });
}

export function expectCostAnomalies(usage: UsageEvent[], options: WindowOptions & { k: number; minBaselineHours: number }): Row[] {
  const windowStart = hourStart(options.from.getTime());
  const earliest = windowStart - options.baselineHours * HOUR;
  const selected = usage.filter((event) => hourStart(time(event)) >= earliest && hourStart(time(event)) < options.to.getTime());
  const anomalies: Row[] = [];
  for (const [dimension, keyOf] of [
    ["model", (event: UsageEvent) => event.model],
    ["task_type", (event: UsageEvent) => event.type],
  ] as const) {
    for (const [key, events] of groupBy(selected, keyOf)) {
      const hourly = new Map<number, number>();
      for (const event of events) hourly.set(hourStart(time(event)), (hourly.get(hourStart(time(event))) ?? 0) + cost(event));
      for (const [hour, hourCost] of hourly) {
        if (hour < windowStart) continue;
        const baseline = [...hourly.entries()].filter(([other]) => other < hour && other >= hour - options.baselineHours * HOUR).map(([, value]) => value);
        if (baseline.length < options.minBaselineHours || baseline.length === 0) continue;
        const mean = sum(baseline, (value) => value) / baseline.length;
        const deviation = Math.sqrt(sum(baseline, (value) => (value - mean) ** 2) / baseline.length);
        if (Math.abs(hourCost - mean) <= options.k * deviation) continue;
        anomalies.push({
          dimension,
          key,
          hour: formatClickHouseDateTime(new Date(hour)),
          cost_usd: hourCost,
          baseline_hours: baseline.length,
          baseline_mean_usd: mean,
          baseline_stddev_usd: deviation,
          z_score: deviation === 0 ? null : (hourCost - mean) / deviation,
        });
      }
    }
  }
  return anomalies.sort((left, right) => compareKeys([left.hour, left.dimension, left.key], [right.hour, right.dimension, right.key]));
}

export function expectCostPerCallDrift(usage: UsageEvent[], options: WindowOptions & { threshold: number; minCalls: number }): Row[] {
  const { window, baseline } = splitPeriods(usage, options);
  const types = [...new Set([...window, ...baseline].map((event) => event.type))].sort();
  return types.map((taskType) => {
    const measure = (events: UsageEvent[]) => {
      const own = events.filter((event) => event.type === taskType);
      const priced = own.filter((event) => event.costUsd !== null);
      return { calls: own.length, priced: priced.length, cost: sum(priced, cost), input: sum(own, (event) => event.inputTokens) };
    };
    const now = measure(window);
    const before = measure(baseline);
    const ratio = now.priced === 0 || before.priced === 0 || before.cost === 0 ? null : now.cost / now.priced / (before.cost / before.priced) - 1;
    return {
      task_type: taskType,
      window_calls: now.calls,
      window_cost_per_call_usd: now.priced === 0 ? null : now.cost / now.priced,
      baseline_calls: before.calls,
      baseline_cost_per_call_usd: before.priced === 0 ? null : before.cost / before.priced,
      cost_per_call_change: ratio,
      window_input_tokens_per_call: now.calls === 0 ? null : now.input / now.calls,
      baseline_input_tokens_per_call: before.calls === 0 ? null : before.input / before.calls,
      flagged: ratio !== null && now.priced >= options.minCalls && before.priced >= options.minCalls && ratio >= options.threshold ? 1 : 0,
    };
  });
}

export function expectTopSpenders(usage: UsageEvent[], from: Date, to: Date, limit: number): Row[] {
  const selected = usage.filter((event) => inHours(event, from, to));
  const total = sum(selected, cost);
  return [...groupBy(selected, (event) => `${event.metadata.feature ?? ""}|${event.metadata.tenant ?? ""}`).entries()]
    .map(([key, events]) => {
      const [feature, tenant] = key.split("|");
      const spent = sum(events, cost);
      return {
        feature,
        tenant,
        calls: events.length,
        tokens: sum(events, (event) => event.inputTokens + event.outputTokens + event.cacheCreationInputTokens + event.cacheReadInputTokens),
        cost_usd: spent,
        cost_share: total === 0 ? 0 : spent / total,
        task_types: [...new Set(events.map((event) => event.type))].sort(),
      };
    })
    .sort((left, right) => right.cost_usd - left.cost_usd || compareKeys([left.feature, left.tenant], [right.feature, right.tenant]))
    .slice(0, limit);
}

export function expectSavings(
  usage: UsageEvent[],
  shadow: ShadowEvent[],
  options: { from: Date; to: Date; prices: ModelPrice[]; baselineModels: Record<string, string> },
): Row[] {
  const selected = usage.filter((event) => inRange(time(event), options.from, options.to));
  const comparisons = shadow.filter((event) => inRange(time(event), options.from, options.to));
  const rows: Row[] = [];
  const routedByType = groupBy(
    selected.filter((event) => ROUTED_ROLES.has(event.role)),
    (event) => event.type,
  );
  for (const [taskType, events] of [...routedByType.entries()].sort(([left], [right]) => (left < right ? -1 : 1))) {
    const baselineModel = options.baselineModels[taskType] ?? "";
    const baselinePrices = options.prices.filter((candidate) => candidate.model === baselineModel);
    const priced = events.filter((event) => event.costUsd !== null);
    const actual = sum(priced, cost);
    const baseline =
      baselinePrices.length > 0
        ? sum(priced, (event) => {
            return computeExpectedCostUsd(event, priceInForce(baselinePrices, event));
          })
        : null;
    const samples = comparisons.filter((event) => event.type === taskType && event.verdict !== "shadow_failed");
    const agreements = samples.filter((event) => event.verdict === "agree").length;
    const evaluation = sum(
      selected.filter((event) => event.type === taskType && (event.role === "shadow" || event.role === "judge")),
      cost,
    );
    rows.push({
      task_type: taskType,
      baseline_model: baselineModel,
      routed_models: [...new Set(events.map((event) => event.model))].sort(),
      calls: events.length,
      fast_share: round(events.filter((event) => event.tier === "fast").length / events.length, 4),
      standard_share: round(events.filter((event) => event.tier === "standard").length / events.length, 4),
      powerful_share: round(events.filter((event) => event.tier === "powerful").length / events.length, 4),
      actual_cost_usd: actual,
      baseline_cost_usd: baseline,
      cost_change_percent: baseline ? round(100 * (actual / baseline - 1), 1) : null,
      quality_change: samples.length === 0 ? "no data" : `agreement ${round((100 * agreements) / samples.length, 1)}% (n=${samples.length})`,
      shadow_samples: samples.length,
      evaluation_cost_usd: evaluation,
      unpriced_calls: events.length - priced.length,
    });
  }
  return rows;
}

/**
 * The baseline row a call is priced with: of the model's rows in force on the
 * call's day (the earliest day also covers earlier calls), the latest; of its
 * bands, the highest threshold the call's prompt exceeds.
 */
function priceInForce(rows: ModelPrice[], event: UsageEvent): ModelPrice {
  const day = event.ts.slice(0, 10);
  const first = rows.map((row) => row.effectiveFrom ?? "1970-01-01").sort()[0] ?? "1970-01-01";
  const inForceDay = rows
    .map((row) => row.effectiveFrom ?? "1970-01-01")
    .filter((from) => from <= day || from === first)
    .sort()
    .at(-1);
  const prompt = event.inputTokens + event.cacheCreationInputTokens + event.cacheReadInputTokens;
  const candidates = rows
    .filter((row) => (row.effectiveFrom ?? "1970-01-01") === inForceDay)
    .filter((row) => (row.abovePromptTokens ?? 0) === 0 || (row.abovePromptTokens ?? 0) < prompt)
    .sort((left, right) => (left.abovePromptTokens ?? 0) - (right.abovePromptTokens ?? 0));
  const chosen = candidates.at(-1);
  if (!chosen) throw new Error(`no price in force for ${event.model} at ${event.ts}`);
  return chosen;
}

export function expectShadowReport(usage: UsageEvent[], shadow: ShadowEvent[], options: { from: Date; to: Date; target: number; minSamples: number }): Row[] {
  const comparisons = shadow.filter((event) => inRange(time(event), options.from, options.to));
  const groups = groupBy(comparisons, (event) => `${event.type}|${event.originalTier}|${event.shadowTier}`);
  return [...groups.entries()]
    .sort(([left], [right]) => (left < right ? -1 : 1))
    .map(([key, events]) => {
      const [taskType, originalTier, shadowTier] = key.split("|");
      const answered = events.filter((event) => event.verdict !== "shadow_failed");
      const agreements = answered.filter((event) => event.verdict === "agree").length;
      const interval = computeWilsonInterval(agreements, answered.length);
      const bothPriced = answered.filter((event) => event.originalCostUsd !== null && event.shadowCostUsd !== null);
      const meanSaving =
        bothPriced.length === 0 ? 0 : sum(bothPriced, (event) => (event.originalCostUsd ?? 0) - (event.shadowCostUsd ?? 0)) / bothPriced.length;
      const windowTasks = new Set(
        usage
          .filter(
            (event) => event.role === "primary" && event.type === taskType && event.tier === originalTier && inRange(time(event), options.from, options.to),
          )
          .map((event) => event.taskId),
      ).size;
      return {
        task_type: taskType,
        phase: "shadow",
        original_tier: originalTier,
        shadow_tier: shadowTier,
        samples: answered.length,
        agreements,
        agreement_lower_95: interval.lower,
        shadow_failures: events.filter((event) => event.verdict === "shadow_failed").length,
        saving_per_1000_tasks_usd: 1000 * meanSaving,
        window_tasks: windowTasks,
        projected_saving_usd: meanSaving * windowTasks,
        moves_down: answered.length >= options.minSamples && interval.lower >= options.target,
      };
    });
}

function compareKeys(left: unknown[], right: unknown[]): number {
  for (let index = 0; index < left.length; index += 1) {
    const a = String(left[index]);
    const b = String(right[index]);
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}
