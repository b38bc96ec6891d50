import type { ClickHouseStore } from "@switchyard/clickhouse";
import { DEFAULT_POLICY_TOPIC, type TopicNames } from "@switchyard/contracts";
import type { ConsumerLoop, Transport } from "@switchyard/kafka";
import { checkConfiguredModels, type BatchProvider, type ModelProvider, type RetryPolicy } from "@switchyard/llm";
import type { Logger, Registry } from "@switchyard/platform";
import { configuredModelSettings, type RoutingConfig } from "@switchyard/routing";
import { ROUTER_DEFAULTS, startRouter, storedSpendReader } from "@switchyard/router";
import { SHADOW_DEFAULTS, startShadow } from "@switchyard/shadow";
import { SINK_DEFAULTS, startSink, type Sink, type StartSinkOptions } from "@switchyard/metrics-sink";
import { startPolicyFollowing, type PolicyFollowing } from "./start-policy-following";

export interface PipelineOptions {
  transport: Transport;
  store: ClickHouseStore;
  provider: ModelProvider;
  /** The Message Batches API for tasks whose deadline allows; without it every task is sync. */
  batchProvider?: BatchProvider;
  routing: RoutingConfig;
  topics: TopicNames;
  logger: Logger;
  registry?: Registry;
  /** Stop on a retired tier model, warn on a deprecated one (default); off when only a simulator answers. */
  checkModelLifecycle?: boolean;
  /** Consumer groups; each service's default when absent. */
  groupIds?: Partial<Record<"router" | "shadow" | "sink", string>>;
  routerMaxInFlight?: number;
  shadowMaxInFlight?: number;
  /** Both the router's and the shadow's; each service's default when absent. */
  retryPolicy?: RetryPolicy;
  sinkBatch?: StartSinkOptions["batch"];
  /** The live policy's topic (default llm.policy). */
  policyTopic?: string;
}

export interface Pipeline {
  router: ConsumerLoop;
  shadow: ConsumerLoop;
  sink: Sink;
  /** The router's live policy, and the controller when `policy.autoApply` is on. */
  policy: PolicyFollowing;
  groupIds: Record<"router" | "shadow" | "sink", string>;
  /** Stops the router, then the shadow, then the sink (which writes what it buffered). */
  stop(): Promise<void>;
}

export const DEFAULT_GROUP_IDS = { router: ROUTER_DEFAULTS.groupId, shadow: SHADOW_DEFAULTS.groupId, sink: SINK_DEFAULTS.groupId } as const;

export type PipelineSettingsOptions = Pick<PipelineOptions, "groupIds" | "routerMaxInFlight" | "shadowMaxInFlight" | "retryPolicy" | "sinkBatch">;

/** Each service's settings in the pipeline: its defaults module's values (as its Kafka service's), unless overridden. */
export function resolvePipelineSettings(options: PipelineSettingsOptions) {
  const groupIds = { ...DEFAULT_GROUP_IDS, ...options.groupIds };
  return {
    groupIds,
    router: {
      groupId: groupIds.router,
      maxInFlight: options.routerMaxInFlight ?? ROUTER_DEFAULTS.maxInFlight,
      maxTaskBytes: ROUTER_DEFAULTS.maxTaskBytes,
      maxCandidateBytes: ROUTER_DEFAULTS.maxCandidateBytes,
      retryPolicy: options.retryPolicy ?? ROUTER_DEFAULTS.retryPolicy,
    },
    shadow: {
      groupId: groupIds.shadow,
      maxInFlight: options.shadowMaxInFlight ?? SHADOW_DEFAULTS.maxInFlight,
      retryPolicy: options.retryPolicy ?? SHADOW_DEFAULTS.retryPolicy,
    },
    sink: {
      groupId: groupIds.sink,
      batch: options.sinkBatch ?? SINK_DEFAULTS.batch,
      maxEventBytes: SINK_DEFAULTS.maxEventBytes,
    },
  };
}

/**
 * Router, shadow and metrics sink in this process, each through its own
 * service's start function (the same handlers as the Kafka services), on
 * whatever transport and store they are given. The sink starts first so that
 * the migrations are applied before the first usage event arrives.
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const settings = resolvePipelineSettings(options);
  const registry = options.registry ? { registry: options.registry } : {};
  // Once for the router and the shadow together: both call the tier models.
  if (options.checkModelLifecycle !== false) checkConfiguredModels({ models: configuredModelSettings(options.routing), allowRetired: options.routing.lifecycle.allowRetired, logger: options.logger, ...registry });
  const sink = await startSink({
    transport: options.transport,
    store: options.store,
    topics: options.topics,
    ...settings.sink,
    logger: options.logger,
    ...registry,
  });
  const shadow = await startShadow({
    transport: options.transport,
    provider: options.provider,
    routing: options.routing,
    topics: options.topics,
    ...settings.shadow,
    logger: options.logger,
    ...registry,
  });
  const policy = await startPolicyFollowing({
    transport: options.transport,
    store: options.store,
    routing: options.routing,
    policyTopic: options.policyTopic ?? DEFAULT_POLICY_TOPIC,
    topics: options.topics,
    logger: options.logger,
  });
  const router = await startRouter({
    transport: options.transport,
    provider: options.provider,
    ...(options.batchProvider ? { batchProvider: options.batchProvider } : {}),
    routing: options.routing,
    topics: options.topics,
    ...settings.router,
    logger: options.logger,
    ...registry,
    policy: policy.store.current,
    // Budgets read the spend the sink in this process stores.
    budgets: { readStoredSpend: storedSpendReader(options.store, options.routing.budgets) },
  });
  return {
    router,
    shadow,
    sink,
    policy,
    groupIds: settings.groupIds,
    async stop() {
      await policy.stop();
      await router.stop();
      await shadow.stop();
      await sink.stop();
    },
  };
}
