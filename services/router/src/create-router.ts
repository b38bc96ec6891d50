import type { TopicNames } from "@switchyard/contracts";
import { runConsumerLoop, type ConsumerLoop, type Transport } from "@switchyard/kafka";
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
import type { RoutingConfig } from "@switchyard/routing";
import { createCacheMetrics } from "./cache-metrics";
import { startBatchLane } from "./batch-lane/start-batch-lane";
import { createTaskHandler } from "./task-handler";

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
}

/**
 * Wires the router's handler to the consumer loop. The Kafka service and the
 * embedded pipeline both start the router through this one function.
 */
export async function startRouter(options: StartRouterOptions): Promise<ConsumerLoop> {
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
  const metrics = options.registry ? createModelMetrics(options.registry) : undefined;
  const cacheMetrics = options.registry ? createCacheMetrics(options.registry) : undefined;
  const batchLane =
    options.batchProvider && options.routing.batch.enabled
      ? await startBatchLane({ provider: options.batchProvider, transport: options.transport, topic: options.topics.batches, limits: options.routing.batch, logger })
      : undefined;
  const handler = createTaskHandler({
    routing: options.routing,
    provider,
    pricing,
    retryPolicy: options.retryPolicy,
    rateLimiter,
    ...(batchLane ? { batchLane: batchLane.lane } : {}),
    topics: options.topics,
    maxTaskBytes: options.maxTaskBytes,
    ...(options.maxCandidateBytes === undefined ? {} : { maxCandidateBytes: options.maxCandidateBytes }),
    ...(metrics && cacheMetrics
      ? {
          onAttempt: (attempt, task) => {
            metrics.record(attempt);
            cacheMetrics.record(attempt, task.type);
          },
        }
      : {}),
  });
  const loop = await runConsumerLoop({
    transport: options.transport,
    groupId: options.groupId,
    topics: [options.topics.tasks],
    handler,
    maxInFlight: options.maxInFlight,
    deadLetterTopic: options.topics.deadLetters,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: options.drainTimeoutMs }),
  });
  return batchLane ? batchLane.follow(loop) : loop;
}
