import type { BudgetPeriod } from "./budget-config";

/** The UTC period a moment falls in: "2026-11-30" (day) or "2026-11" (month). */
export function periodKey(period: BudgetPeriod, at: number): string {
  const iso = new Date(at).toISOString();
  return period === "day" ? iso.slice(0, 10) : iso.slice(0, 7);
}

/** Start of the UTC period a moment falls in, in milliseconds. */
export function periodStart(period: BudgetPeriod, at: number): number {
  const date = new Date(at);
  return period === "day" ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) : Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** When the UTC period a moment falls in ends (the next one starts). */
export function periodEnd(period: BudgetPeriod, at: number): number {
  const date = new Date(at);
  return period === "day"
    ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
    : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
