import { readSpendByTenant, type ClickHouseStore } from "@switchyard/clickhouse";
import { periodStart, summarizeBudgets, type Budget, type BudgetStatus } from "@switchyard/routing";

/** Each budget's status per limited period at `at`, from the spend the sink stored (what `switchyard budgets` prints). */
export async function readBudgetStatuses(store: ClickHouseStore, budgets: readonly Budget[], at: number): Promise<BudgetStatus[]> {
  if (budgets.length === 0) return [];
  const rows = await readSpendByTenant(store, { dayStart: new Date(periodStart("day", at)), monthStart: new Date(periodStart("month", at)) });
  return summarizeBudgets(budgets, rows, at);
}

/** The share of the limit used, as the CLI prints it ("12.3%", "-" without a limit). */
export function formatBudgetUsed(status: Pick<BudgetStatus, "spentUsd" | "limitUsd">): string {
  return status.limitUsd > 0 ? `${((status.spentUsd / status.limitUsd) * 100).toFixed(1)}%` : "-";
}
