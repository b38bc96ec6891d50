import type { Tier } from "@switchyard/contracts";
import { budgetRuleId, DEFAULT_BUDGET_ID, type BudgetAction, type BudgetPeriod, type BudgetsConfig } from "./budget-config";

/** One budget as enforcement sees it: a scope, limits per period, an action. */
export interface Budget {
  id: string;
  /** The tenant it covers; null: any tenant. "" is the default budget's "no tenant". */
  tenant: string | null;
  /** The feature it covers; null: any feature. */
  feature: string | null;
  limits: Partial<Record<BudgetPeriod, number>>;
  action: BudgetAction;
  alertAt: number[];
  downgradeTo: Tier;
}

/** Who a task (or a stored row) bills: "" when the metadata has no tenant or feature. */
export interface SpendScope {
  tenant: string;
  feature: string;
}

/** The configured budgets in one list: the rules, then the default budget of tasks without a tenant. */
export function listBudgets(config: BudgetsConfig): Budget[] {
  const budgets: Budget[] = config.rules.map((rule) => ({
    id: budgetRuleId(rule),
    tenant: rule.tenant ?? null,
    feature: rule.feature ?? null,
    limits: rule.limits,
    action: rule.action,
    alertAt: rule.alertAt,
    downgradeTo: rule.downgradeTo,
  }));
  const fallback = config.defaultBudget;
  if (fallback) {
    budgets.push({
      id: fallback.id ?? DEFAULT_BUDGET_ID,
      tenant: "",
      feature: null,
      limits: fallback.limits,
      action: fallback.action,
      alertAt: fallback.alertAt,
      downgradeTo: fallback.downgradeTo,
    });
  }
  return budgets;
}

export function budgetCovers(budget: Budget, scope: SpendScope): boolean {
  return (budget.tenant === null || budget.tenant === scope.tenant) && (budget.feature === null || budget.feature === scope.feature);
}

export function scopeOf(metadata: Readonly<Record<string, string>> | undefined): SpendScope {
  return { tenant: metadata?.tenant ?? "", feature: metadata?.feature ?? "" };
}
