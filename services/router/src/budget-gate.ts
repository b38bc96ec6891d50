import { TIERS, type ResultEvent, type TaskEvent, type TopicNames } from "@switchyard/contracts";
import type { HandlerContext, OutgoingMessage } from "@switchyard/kafka";
import type { PricingCatalog } from "@switchyard/llm";
import {
  estimateInputTokens,
  scopeOf,
  type ExceededBudget,
  type PolicyRoutingDecision,
  type RoutingConfig,
  type RoutingDecision,
  type SpendRecord,
  type SpendTracker,
} from "@switchyard/routing";
import type { BudgetMetrics } from "./budget-metrics";
import { buildErrorResult } from "./build-result-event";

/**
 * What a budget lets a task do: go ahead (maybe on a cheaper tier), get a
 * budget_exceeded result, or wait. A decision that goes ahead is the policy's,
 * with what the budget made of it.
 */
export type Admission =
  | { kind: "proceed"; decision: PolicyRoutingDecision; settle(spends: readonly SpendRecord[]): void }
  | { kind: "reject"; messages: OutgoingMessage[] }
  | { kind: "defer"; messages: OutgoingMessage[] };

export interface BudgetGate {
  admit(task: TaskEvent, decision: PolicyRoutingDecision, context: HandlerContext, receivedAt: number): Promise<Admission>;
}

export interface BudgetGateOptions {
  tracker: SpendTracker;
  routing: RoutingConfig;
  pricing: PricingCatalog;
  topics: TopicNames;
  /** Where deferred tasks wait (their original bytes, keyed by task id). */
  deferredTopic: string;
  /**
   * "tasks": a task of a deferring budget goes to the deferred topic at once, so its
   * partition of the tasks topic commits past it and other tenants go on.
   * "deferred": the deferred lane holds it up to holdMs (woken by every change of the
   * spend it knows), then puts it back at the end of the deferred topic.
   */
  lane: "tasks" | "deferred";
  holdMs: number;
  metrics?: BudgetMetrics;
  now?: () => number;
}

const SEVERITY = { reject: 3, defer: 2, downgrade: 1 } as const;

export function createBudgetGate(options: BudgetGateOptions): BudgetGate {
  const { tracker } = options;
  const now = options.now ?? Date.now;

  const proceed = (task: TaskEvent, decision: PolicyRoutingDecision): Admission => {
    const scope = scopeOf(task.metadata);
    const reservation = tracker.reserve(scope, estimateCostUsd(options.pricing, decision, task));
    return {
      kind: "proceed",
      decision,
      settle(spends) {
        let costUsd = 0;
        for (const spend of spends) costUsd += spend.costUsd ?? 0;
        reservation.settle(spends);
        options.metrics?.recordSpend(scope, costUsd, spends.length);
      },
    };
  };

  return {
    async admit(task, decision, context, receivedAt) {
      const holdUntil = now() + options.holdMs;
      let held = false;
      for (;;) {
        const exceeded = tracker.exceeded(scopeOf(task.metadata));
        if (exceeded.length === 0)
          return proceed(task, options.lane === "deferred" ? { ...decision, reason: `${decision.reason}; deferred by a budget, then released` } : decision);
        const binding = mostSevere(exceeded);
        const { budget } = binding;
        if (budget.action === "reject") {
          options.metrics?.recordAction(budget.id, "rejected");
          return { kind: "reject", messages: [rejection(task, binding, receivedAt, now(), options.topics)] };
        }
        if (budget.action === "downgrade") {
          options.metrics?.recordAction(budget.id, "downgraded");
          return proceed(task, downgrade(decision, binding, options.routing));
        }
        if (options.lane === "tasks" || now() >= holdUntil || context.signal.aborted) {
          if (!held) options.metrics?.recordAction(budget.id, "deferred");
          context.logger.info({ taskId: task.id, budget: budget.id, lane: options.lane }, "task deferred by its budget");
          return { kind: "defer", messages: [{ topic: options.deferredTopic, key: task.id, value: context.message.value ?? "" }] };
        }
        held = true;
        await tracker.waitForChange(holdUntil - now(), context.signal);
      }
    },
  };
}

/** The budget whose action is the strictest: reject over defer over downgrade. */
function mostSevere(exceeded: readonly ExceededBudget[]): ExceededBudget {
  return exceeded.reduce((worst, next) => (SEVERITY[next.budget.action] > SEVERITY[worst.budget.action] ? next : worst));
}

function describeLimit(binding: ExceededBudget): string {
  return `budget ${binding.budget.id} reached its ${binding.period} limit ($${binding.spentUsd.toFixed(4)} of $${binding.limitUsd.toFixed(2)}, in-flight estimates included; resets ${binding.resetsAt})`;
}

/** A downgraded task also ends its guard pair: the guard compares the tier the policy chose, which it no longer runs on. */
function downgrade(decision: PolicyRoutingDecision, binding: ExceededBudget, routing: RoutingConfig): PolicyRoutingDecision {
  const target = binding.budget.downgradeTo;
  if (TIERS.indexOf(target) >= TIERS.indexOf(decision.tier)) {
    return { ...decision, reason: `${decision.reason}; ${describeLimit(binding)}: already on ${decision.tier}, not above ${target}` };
  }
  return {
    ...decision,
    tier: target,
    model: routing.models[target],
    guard: null,
    reason: `${decision.reason}; ${describeLimit(binding)}: downgraded from ${decision.tier} to ${target}`,
  };
}

function rejection(task: TaskEvent, binding: ExceededBudget, receivedAt: number, at: number, topics: TopicNames): OutgoingMessage {
  const result: ResultEvent = buildErrorResult({
    task,
    reason: `not routed: ${describeLimit(binding)}`,
    attempts: [],
    latencyMs: at - receivedAt,
    completedAt: new Date(at),
    tier: null,
    model: null,
    fallbackFrom: null,
    errorType: "budget_exceeded",
    message: `${describeLimit(binding)}; no model was called`,
  });
  return { topic: topics.results, key: task.id, value: JSON.stringify(result) };
}

/**
 * The estimated cost of the first call: the prompt's own token estimate (not the
 * task type's floor, which is there for classification and would hold far more
 * than a call costs) and every allowed output token, at the decided model's
 * price (0 for a model without a price).
 */
export function estimateCostUsd(pricing: PricingCatalog, decision: RoutingDecision, task: TaskEvent): number {
  const price = pricing.priceOf(decision.model);
  if (!price) return 0;
  const inputTokens = task.dimensions?.inputTokenEstimate ?? estimateInputTokens(task);
  return (inputTokens * price.inputPerMillion + task.maxTokens * price.outputPerMillion) / 1_000_000;
}
