import type { TopicNames } from "@switchyard/contracts";
import { runConsumerLoop, type ConsumerLoop, type ConsumerLoopStats, type Transport } from "@switchyard/kafka";
import {
  createModelMetrics,
  createPricingCatalog,
  createRateLimiter,
  type BatchProvider,
  createTierProvider,
  createProviderRegistry,
  DEFAULT_PROVIDER_NAME,
  type ModelProvider,
  type RetryPolicy,
} from "@switchyard/llm";
import type { Logger, Registry } from "@switchyard/platform";
import type { Tracing } from "@switchyard/tracing";
import type { RoutingConfig, RoutingPolicy, SpendTracker } from "@switchyard/routing";
import { createCacheMetrics } from "./cache-metrics";
import { startBatchLane } from "./batch-lane/start-batch-lane";
import { createUnknownTaskFieldCounter } from "./count-unknown-task-fields";
import { startBudgets, type RouterBudgetOptions } from "./start-budgets";
import { createTaskHandler, type TaskHandlerOptions } from "./task-handler";
import { createAttemptRecorder } from "./record-attempt";

export interface StartRouterOptions {
  transport: Transport;
  /** The default provider ("anthropic"): every tier's unless the routing config names another. */
  provider: ModelProvider;
  /** The Message Batches API; without it (or with routing.batch.enabled false) every task is sync. */
  batchProvider?: BatchProvider;
  /** More providers by name, for the routing config's `providers` (tier → name). */
  providers?: Readonly<Record<string, ModelProvider>>;
  routing: RoutingConfig;
  topics: TopicNames;
  groupId: string;
  maxInFlight: number;
  maxTaskBytes: number;
  /** See TaskHandlerOptions.maxCandidateBytes. */
  maxCandidateBytes?: number;
  retryPolicy: RetryPolicy;
  logger: Logger;
  registry?: Registry;
  drainTimeoutMs?: number;
  /** The live policy (a started policy store's current()); the base config alone when absent. */
  policy?: () => RoutingPolicy;
  /** How budgets read the shared spend and where deferred tasks wait (used when the routing config has budgets). */
  budgets?: RouterBudgetOptions;
  /** OpenTelemetry tracing (off when absent). */
  tracing?: Tracing;
}

/** The router's consumer loop(s): the tasks topic and, with a deferring budget, the deferred lane. */
export interface Router extends ConsumerLoop {
  /** The spend tracker when budgets are configured (setConfig raises a limit at once). */
  readonly budgets: SpendTracker | null;
  /** The deferred lane's loop statistics; null when no budget defers. */
  deferredStats(): ConsumerLoopStats | null;
}

/**
 * Wires the router's handler to the consumer loop. The Kafka service and the
 * embedded pipeline both start the router through this one function.
 */
export async function startRouter(options: StartRouterOptions): Promise<Router> {
  const logger = options.logger.child({ component: "router" });
  const provider = createTierProvider(createProviderRegistry({ ...options.providers, [DEFAULT_PROVIDER_NAME]: options.provider }), options.routing);
  const pricing = createPricingCatalog({
    overrides: options.routing.pricing,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  // Always on: besides the configured budgets, it makes every in-flight call
  // wait out a 429's retry-after instead of each finding the limit itself.
  const rateLimiter = createRateLimiter({ limits: options.routing.rateLimits, logger });
  const onAttempt = createAttemptRecorder({
    routing: options.routing,
    ...(options.registry
      ? { metrics: createModelMetrics(options.registry), cacheMetrics: createCacheMetrics(options.registry, Object.keys(options.routing.taskTypes)) }
      : {}),
    ...(options.tracing ? { tracer: options.tracing.tracer } : {}),
  });
  const budgets = await startBudgets({
    ...options.budgets,
    routing: options.routing,
    pricing,
    topics: options.topics,
    transport: options.transport,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const batchLane =
    options.batchProvider && options.routing.batch.enabled
      ? await startBatchLane({
          provider: options.batchProvider,
          transport: options.transport,
          topic: options.topics.batches,
          limits: options.routing.batch,
          logger,
        })
      : undefined;
  const handlerOptions: TaskHandlerOptions = {
    routing: options.routing,
    provider,
    pricing,
    retryPolicy: options.retryPolicy,
    rateLimiter,
    topics: options.topics,
    maxTaskBytes: options.maxTaskBytes,
    logger,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.maxCandidateBytes === undefined ? {} : { maxCandidateBytes: options.maxCandidateBytes }),
    ...(onAttempt ? { onAttempt } : {}),
    ...(options.registry ? { onUnknownFields: createUnknownTaskFieldCounter(options.registry, logger) } : {}),
  };
  const loopOptions = {
    transport: options.transport,
    deadLetterTopic: options.topics.deadLetters,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: options.drainTimeoutMs }),
    ...(options.tracing ? { tracing: options.tracing.messages } : {}),
  };
  const tasksLoop = await runConsumerLoop({
    ...loopOptions,
    groupId: options.groupId,
    topics: [options.topics.tasks],
    handler: createTaskHandler({
      ...handlerOptions,
      // Only the tasks topic's loop batches: the lane marks a batch done by that loop's commits.
      ...(batchLane ? { batchLane: batchLane.lane } : {}),
      ...(budgets ? { budgetGate: budgets.tasksGate } : {}),
    }),
    maxInFlight: options.maxInFlight,
  });
  const main = batchLane ? batchLane.follow(tasksLoop) : tasksLoop;
  // The deferred lane has its own group and slots, so held tasks never take the tasks topic's.
  const lane = budgets?.needsDeferredLane
    ? await runConsumerLoop({
        ...loopOptions,
        groupId: `${options.groupId}.deferred`,
        topics: [budgets.deferredTopic],
        handler: createTaskHandler({ ...handlerOptions, budgetGate: budgets.deferredGate }),
        maxInFlight: options.routing.budgets.deferMaxInFlight,
      })
    : null;
  return {
    budgets: budgets?.tracker ?? null,
    isReady: () => main.isReady() && (lane?.isReady() ?? true),
    stats: () => main.stats(),
    deferredStats: () => lane?.stats() ?? null,
    async stop(stopOptions) {
      await Promise.all([main.stop(stopOptions), lane?.stop(stopOptions)]);
      budgets?.tracker.stop();
    },
  };
}
