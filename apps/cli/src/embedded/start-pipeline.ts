import type { ClickHouseStore } from "@switchyard/clickhouse";
import { DEFAULT_POLICY_TOPIC, type TopicNames } from "@switchyard/contracts";
import type { ConsumerLoop, Transport } from "@switchyard/kafka";
import { checkConfiguredModels, type BatchProvider, type ModelProvider, type RetryPolicy } from "@switchyard/llm";
import type { Logger, Registry } from "@switchyard/platform";
import { configuredModelSettings, type RoutingConfig } from "@switchyard/routing";
import { ROUTER_DEFAULTS, startRouter, storedSpendReader } from "@switchyard/router";
import { SHADOW_DEFAULTS, startShadow } from "@switchyard/shadow";
import { SINK_DEFAULTS, startHistoryRecorder, startSink, type HistoryRecorder, type Sink, type StartSinkOptions } from "@switchyard/metrics-sink";
import { followPolicy, type PolicyFollowing } from "@switchyard/policy";

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
  /** Stores the policy changes and alerts (llm_policy_changes, llm_alerts) as the Kafka sink does. */
  history: HistoryRecorder;
  /** The live policy the router and the shadow follow, and the controller when `policy.autoApply` is on. */
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
  if (options.checkModelLifecycle !== false)
    checkConfiguredModels({
      models: configuredModelSettings(options.routing),
      allowRetired: options.routing.lifecycle.allowRetired,
      logger: options.logger,
      ...registry,
    });
  const sink = await startSink({
    transport: options.transport,
    store: options.store,
    topics: options.topics,
    ...settings.sink,
    logger: options.logger,
    ...registry,
  });
  const policy = await followPolicy({
    transport: options.transport,
    policyTopic: options.policyTopic ?? DEFAULT_POLICY_TOPIC,
    routing: options.routing,
    deadLetterTopic: options.topics.deadLetters,
    logger: options.logger,
    reader: "router",
    control: { evidenceStore: options.store, alertsTopic: options.topics.alerts },
  });
  const history = await startHistoryRecorder({
    transport: options.transport,
    store: options.store,
    policyTopic: options.policyTopic ?? DEFAULT_POLICY_TOPIC,
    alertsTopic: options.topics.alerts,
    deadLetterTopic: options.topics.deadLetters,
    groupId: `${settings.groupIds.sink}${SINK_DEFAULTS.historyGroupSuffix}`,
    batch: settings.sink.batch,
    maxEventBytes: settings.sink.maxEventBytes,
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
    // One process: the shadow follows the router's store of the policy topic.
    policy: policy.store,
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
    history,
    policy,
    groupIds: settings.groupIds,
    async stop() {
      await policy.stop();
      await router.stop();
      await shadow.stop();
      await history.stop();
      await sink.stop();
    },
  };
}
