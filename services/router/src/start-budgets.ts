import type { TopicNames } from "@switchyard/contracts";
import type { Transport } from "@switchyard/kafka";
import type { PricingCatalog } from "@switchyard/llm";
import type { Logger, Registry } from "@switchyard/platform";
import { listBudgets, SpendTracker, type ReadStoredSpend, type RoutingConfig } from "@switchyard/routing";
import { createBudgetGate, type BudgetGate } from "./budget-gate";
import { createBudgetMetrics } from "./budget-metrics";

export interface RouterBudgetOptions {
  /** Reads the spend every instance stored (ClickHouse); absent: each instance knows only its own. */
  readStoredSpend?: ReadStoredSpend;
  /** Where deferred tasks wait. Default `<tasks topic>.deferred`. */
  deferredTopic?: string;
  /** Partitions of the deferred topic when the router creates it. Default 6. */
  deferredTopicPartitions?: number;
}

export interface RouterBudgets {
  tracker: SpendTracker;
  tasksGate: BudgetGate;
  deferredGate: BudgetGate;
  deferredTopic: string;
  /** A deferring budget is configured: the deferred lane must run. */
  needsDeferredLane: boolean;
}

interface StartBudgetsOptions extends RouterBudgetOptions {
  routing: RoutingConfig;
  pricing: PricingCatalog;
  topics: TopicNames;
  transport: Transport;
  logger: Logger;
  registry?: Registry;
}

/** The spend tracker, its alerts and metrics, and the gates of both lanes; null without budgets. */
export async function startBudgets(options: StartBudgetsOptions): Promise<RouterBudgets | null> {
  const config = options.routing.budgets;
  const budgets = listBudgets(config);
  if (budgets.length === 0) return null;
  const logger = options.logger.child({ component: "budgets" });
  const tracker = new SpendTracker({
    config,
    ...(options.readStoredSpend ? { readStoredSpend: options.readStoredSpend } : {}),
    logger,
    onAlert: (alert) => {
      logger.warn({ alertId: alert.alertId, kind: alert.kind, subject: alert.subject }, alert.message);
      // Every instance may publish the same alert id; deliveries dedupe by it.
      options.transport
        .publish([{ topic: options.topics.alerts, key: alert.subject, value: JSON.stringify(alert) }])
        .catch((error: unknown) => logger.warn({ err: error, alertId: alert.alertId }, "cannot publish a budget alert"));
    },
  });
  await tracker.start();
  const metrics = options.registry ? createBudgetMetrics(options.registry, tracker, config.metricLabelLimit) : undefined;
  const deferredTopic = options.deferredTopic ?? `${options.topics.tasks}.deferred`;
  const needsDeferredLane = budgets.some((budget) => budget.action === "defer");
  if (needsDeferredLane) await options.transport.ensureTopics([deferredTopic], options.deferredTopicPartitions ?? 6);
  const gate = (lane: "tasks" | "deferred") =>
    createBudgetGate({
      tracker,
      routing: options.routing,
      pricing: options.pricing,
      topics: options.topics,
      deferredTopic,
      lane,
      holdMs: config.deferHoldMs,
      ...(metrics ? { metrics } : {}),
    });
  logger.info(
    { budgets: budgets.map((budget) => budget.id), deferredTopic: needsDeferredLane ? deferredTopic : null, shared: options.readStoredSpend !== undefined },
    "budgets enforced",
  );
  return { tracker, tasksGate: gate("tasks"), deferredGate: gate("deferred"), deferredTopic, needsDeferredLane };
}
