import type { TopicNames } from "@switchyard/contracts";
import { runConsumerLoop, type ConsumerLoop, type Transport } from "@switchyard/kafka";
import {
  createModelMetrics,
  createPricingCatalog,
  createProviderRegistry,
  createTierProvider,
  DEFAULT_PROVIDER_NAME,
  type ModelProvider,
  type RetryPolicy,
} from "@switchyard/llm";
import type { Logger, Registry } from "@switchyard/platform";
import { recordModelCallSpan, type Tracing } from "@switchyard/tracing";
import type { RoutingConfig } from "@switchyard/routing";
import { MAX_CANDIDATE_BYTES } from "./config";
import { assertEvaluatorsRegistered, createEvaluatorRegistry, type EvaluatorRegistry } from "./evaluators/evaluator-registry";
import { createShadowHandler, type ShadowHandlerOptions } from "./shadow-handler";
import { createShadowMetrics } from "./shadow-metrics";

export interface StartShadowOptions {
  transport: Transport;
  /** The default provider ("anthropic"): every tier's unless the routing config names another. */
  provider: ModelProvider;
  /** More providers by name, for the routing config's `providers` (tier → name). */
  providers?: Readonly<Record<string, ModelProvider>>;
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
  /** The live policy this instance follows (a started policy store on the policy topic). */
  policy?: ShadowHandlerOptions["policy"];
  /** OpenTelemetry tracing (off when absent). */
  tracing?: Tracing;
}

/** Wires the shadow handler to the consumer loop; the Kafka service and the embedded pipeline share it. */
export async function startShadow(options: StartShadowOptions): Promise<ConsumerLoop> {
  const logger = options.logger.child({ component: "shadow" });
  const evaluators = options.evaluators ?? createEvaluatorRegistry();
  assertEvaluatorsRegistered(options.routing, evaluators);
  const provider = createTierProvider(createProviderRegistry({ ...options.providers, [DEFAULT_PROVIDER_NAME]: options.provider }), options.routing);
  const pricing = createPricingCatalog({
    overrides: options.routing.pricing,
    logger,
    ...(options.registry ? { registry: options.registry } : {}),
  });
  const metrics = options.registry ? createModelMetrics(options.registry) : undefined;
  const tracer = options.tracing?.tracer;
  const handler = createShadowHandler({
    routing: options.routing,
    provider,
    pricing,
    retryPolicy: options.retryPolicy,
    topics: options.topics,
    maxEventBytes: MAX_CANDIDATE_BYTES,
    evaluators,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.registry ? { onComparison: createShadowMetrics(options.registry, Object.keys(options.routing.taskTypes)).record } : {}),
    ...(metrics || tracer
      ? {
          onAttempt: (attempt, task) => {
            metrics?.record(attempt);
            if (tracer)
              recordModelCallSpan(tracer, attempt, { provider: options.routing.providers[attempt.tier] ?? DEFAULT_PROVIDER_NAME, taskType: task.type });
          },
        }
      : {}),
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
    ...(options.tracing ? { tracing: options.tracing.messages } : {}),
  });
}
