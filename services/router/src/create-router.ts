import type { TopicNames } from "@switchyard/contracts";
import { runConsumerLoop, type ConsumerLoop, type Transport } from "@switchyard/kafka";
import {
  createModelMetrics,
  createPricingCatalog,
  createRateLimiter,
  createTierProvider,
  createProviderRegistry,
  DEFAULT_PROVIDER_NAME,
  type ModelProvider,
  type RetryPolicy,
} from "@switchyard/llm";
import type { Logger, Registry } from "@switchyard/platform";
import type { RoutingConfig, RoutingPolicy } from "@switchyard/routing";
import { createTaskHandler } from "./task-handler";

export interface StartRouterOptions {
  transport: Transport;
  /** The default provider ("anthropic"): every tier's unless the routing config names another. */
  provider: ModelProvider;
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
  const handler = createTaskHandler({
    routing: options.routing,
    provider,
    pricing,
    retryPolicy: options.retryPolicy,
    rateLimiter,
    topics: options.topics,
    maxTaskBytes: options.maxTaskBytes,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.maxCandidateBytes === undefined ? {} : { maxCandidateBytes: options.maxCandidateBytes }),
    ...(metrics ? { onAttempt: (attempt) => metrics.record(attempt) } : {}),
  });
  return runConsumerLoop({
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
}
