import type { TopicNames } from "@switchyard/contracts";
import { runConsumerLoop, type ConsumerLoop, type Transport } from "@switchyard/kafka";
import { createModelMetrics, createPricingCatalog, type ModelProvider, type RetryPolicy } from "@switchyard/llm";
import type { Logger, Registry } from "@switchyard/platform";
import type { RoutingConfig } from "@switchyard/routing";
import { MAX_CANDIDATE_BYTES } from "./config";
import { assertEvaluatorsRegistered, createEvaluatorRegistry, type EvaluatorRegistry } from "./evaluators/evaluator-registry";
import { createShadowHandler } from "./shadow-handler";

export interface StartShadowOptions {
  transport: Transport;
  provider: ModelProvider;
  routing: RoutingConfig;
  topics: TopicNames;
  groupId: string;
  maxInFlight: number;
  retryPolicy: RetryPolicy;
  logger: Logger;
  registry?: Registry;
  /** Evaluators by name; the built-in ones by default. */
  evaluators?: EvaluatorRegistry;
  drainTimeoutMs?: number;
}

/** Wires the shadow handler to the consumer loop; the Kafka service and the embedded pipeline share it. */
export async function startShadow(options: StartShadowOptions): Promise<ConsumerLoop> {
  const logger = options.logger.child({ component: "shadow" });
  const evaluators = options.evaluators ?? createEvaluatorRegistry();
  assertEvaluatorsRegistered(options.routing, evaluators);
  const pricing = createPricingCatalog({
    overrides: options.routing.pricing,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const metrics = options.registry ? createModelMetrics(options.registry) : undefined;
  const handler = createShadowHandler({
    routing: options.routing,
    provider: options.provider,
    pricing,
    retryPolicy: options.retryPolicy,
    topics: options.topics,
    maxEventBytes: MAX_CANDIDATE_BYTES,
    evaluators,
    ...(metrics ? { onAttempt: (attempt) => metrics.record(attempt) } : {}),
  });
  return runConsumerLoop({
    transport: options.transport,
    groupId: options.groupId,
    topics: [options.topics.shadowCandidates],
    handler,
    maxInFlight: options.maxInFlight,
    deadLetterTopic: options.topics.deadLetters,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.drainTimeoutMs === undefined ? {} : { drainTimeoutMs: options.drainTimeoutMs }),
  });
}
