import { budgetCovers, type Budget, type SpendScope } from "./budget";
import type { BudgetPeriod } from "./budget-config";
import { periodEnd, periodKey } from "./budget-periods";

export type BudgetState = "ok" | "alerting" | "exceeded";

/** One budget's standing in one period. */
export interface BudgetStatus {
  budgetId: string;
  tenant: string | null;
  feature: string | null;
  action: Budget["action"];
  period: BudgetPeriod;
  /** "2026-11-30" or "2026-11" (UTC). */
  periodKey: string;
  resetsAt: string;
  limitUsd: number;
  /** Known spend (stored plus this instance's since the last read), without reservations. */
  spentUsd: number;
  /** Estimated cost of calls in flight on this instance. */
  reservedUsd: number;
  remainingUsd: number;
  state: BudgetState;
}

/** Limits use >=: a budget whose spend equals its limit is exceeded. */
export function budgetState(spentUsd: number, limitUsd: number, alertAt: readonly number[]): BudgetState {
  if (spentUsd >= limitUsd) return "exceeded";
  return alertAt.some((fraction) => spentUsd >= fraction * limitUsd) ? "alerting" : "ok";
}

export function buildBudgetStatus(budget: Budget, period: BudgetPeriod, at: number, spentUsd: number, reservedUsd: number): BudgetStatus {
  const limitUsd = budget.limits[period] ?? Number.POSITIVE_INFINITY;
  return {
    budgetId: budget.id,
    tenant: budget.tenant,
    feature: budget.feature,
    action: budget.action,
    period,
    periodKey: periodKey(period, at),
    resetsAt: new Date(periodEnd(period, at)).toISOString(),
    limitUsd,
    spentUsd,
    reservedUsd,
    remainingUsd: Math.max(0, limitUsd - spentUsd - reservedUsd),
    state: budgetState(spentUsd + reservedUsd, limitUsd, budget.alertAt),
  };
}

/** The periods a budget has a limit for. */
export function limitedPeriods(budget: Budget): BudgetPeriod[] {
  return (Object.keys(budget.limits) as BudgetPeriod[]).filter((period) => budget.limits[period] !== undefined);
}

/** Every budget's status from stored spend alone (no instance's in-flight calls): what `switchyard budgets` shows. */
export function summarizeBudgets(
  budgets: readonly Budget[],
  rows: ReadonlyArray<SpendScope & { dayUsd: number; monthUsd: number }>,
  at: number,
): BudgetStatus[] {
  return budgets.flatMap((budget) => {
    let day = 0;
    let month = 0;
    for (const row of rows) {
      if (!budgetCovers(budget, row)) continue;
      day += row.dayUsd;
      month += row.monthUsd;
    }
    return limitedPeriods(budget).map((period) => buildBudgetStatus(budget, period, at, period === "day" ? day : month, 0));
  });
}
