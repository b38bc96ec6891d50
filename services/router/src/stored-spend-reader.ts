import { findStoredEventIds, readSpendByTenant, type ClickHouseStore } from "@switchyard/clickhouse";
import { listBudgets, type BudgetsConfig, type ReadStoredSpend } from "@switchyard/routing";

/**
 * How a router reads the spend of every instance from ClickHouse: first which
 * of its own recent calls are stored, then the spend by tenant, summed from the
 * same usage rows for the hours the lookup covered. In that order and from one
 * table, a call found stored is in the spend read (a call stored in between
 * counts twice for one refresh, never zero times); the rollup, which an insert
 * reaches a moment after the rows, serves only the hours before.
 */
export function storedSpendReader(store: ClickHouseStore, config: BudgetsConfig): ReadStoredSpend {
  const scopes = budgetScopes(config);
  return async (query) => {
    const storedEventIds = await findStoredEventIds(store, query.recentEventIds, query.recentSince);
    const rows = await readSpendByTenant(store, { dayStart: query.dayStart, monthStart: query.monthStart, rowsSince: query.recentSince, ...scopes });
    return { rows, storedEventIds };
  };
}

/** The tenants and features the budgets cover, so a read returns only rows some budget needs. */
function budgetScopes(config: BudgetsConfig): { tenants: string[]; features: string[] } {
  const budgets = listBudgets(config);
  const tenants = budgets.filter((budget) => budget.tenant !== null).map((budget) => budget.tenant as string);
  // A budget over every tenant of a feature needs that feature's rows, whatever the tenant.
  const features = budgets.filter((budget) => budget.tenant === null && budget.feature !== null).map((budget) => budget.feature as string);
  return { tenants: [...new Set(tenants)], features: [...new Set(features)] };
}
