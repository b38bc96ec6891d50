import { getOrCreateCounter, getOrCreateGauge, LabelLimiter, type Registry } from "@switchyard/platform";
import type { SpendScope, SpendTracker } from "@switchyard/routing";

export interface BudgetMetrics {
  recordSpend(scope: SpendScope, costUsd: number, calls: number): void;
  recordAction(budgetId: string, action: "rejected" | "downgraded" | "deferred"): void;
}

/** Spend and calls by tenant and feature (capped), budget actions, and each budget's spend and remaining (read on scrape). */
export function createBudgetMetrics(registry: Registry, tracker: SpendTracker, labelLimit: number): BudgetMetrics {
  const tenants = new LabelLimiter(labelLimit);
  const features = new LabelLimiter(labelLimit);
  const cost = getOrCreateCounter(registry, {
    name: "switchyard_tenant_cost_usd_total",
    help: 'USD spent on routed calls by tenant and feature (capped label values; the rest are "other")',
    labelNames: ["tenant", "feature"],
  });
  const calls = getOrCreateCounter(registry, {
    name: "switchyard_tenant_calls_total",
    help: 'Routed model calls by tenant and feature (capped label values; the rest are "other")',
    labelNames: ["tenant", "feature"],
  });
  const actions = getOrCreateCounter(registry, {
    name: "switchyard_budget_actions_total",
    help: "Tasks a budget rejected, downgraded or deferred",
    labelNames: ["budget", "action"],
  });
  const gauge = (name: string, help: string, value: (status: ReturnType<SpendTracker["statuses"]>[number]) => number) =>
    getOrCreateGauge(registry, {
      name,
      help,
      labelNames: ["budget", "period"],
      collect() {
        this.reset();
        for (const status of tracker.statuses()) this.set({ budget: status.budgetId, period: status.period }, value(status));
      },
    });
  gauge("switchyard_budget_spent_usd", "Spend of each budget in its current UTC period, as this instance knows it", (status) => status.spentUsd);
  gauge("switchyard_budget_remaining_usd", "What each budget has left in its current UTC period (in-flight estimates held)", (status) => status.remainingUsd);
  gauge("switchyard_budget_limit_usd", "Each budget's limit per UTC period", (status) => status.limitUsd);
  return {
    recordSpend(scope, costUsd, callCount) {
      const labels = { tenant: tenants.label(scope.tenant), feature: features.label(scope.feature) };
      if (costUsd > 0) cost.inc(labels, costUsd);
      if (callCount > 0) calls.inc(labels, callCount);
    },
    recordAction(budgetId, action) {
      actions.inc({ budget: budgetId, action });
    },
  };
}
