import type { ClickHouseStore } from "@switchyard/clickhouse";
import { DEFAULT_MAX_TASK_BYTES, DEFAULT_POLICY_TOPIC, type TopicNames } from "@switchyard/contracts";
import type { ConsumerLoop, Transport } from "@switchyard/kafka";
import { DEFAULT_RETRY_POLICY, type ModelProvider, type RetryPolicy } from "@switchyard/llm";
import type { Logger, Registry } from "@switchyard/platform";
import type { RoutingConfig } from "@switchyard/routing";
import { startRouter } from "@switchyard/router";
import { startShadow } from "@switchyard/shadow";
import { startSink, type Sink, type StartSinkOptions } from "@switchyard/metrics-sink";
import { startPolicyFollowing, type PolicyFollowing } from "./start-policy-following";

export interface PipelineOptions {
  transport: Transport;
  store: ClickHouseStore;
  provider: ModelProvider;
  routing: RoutingConfig;
  topics: TopicNames;
  logger: Logger;
  registry?: Registry;
  /** Consumer groups; each service's default when absent. */
  groupIds?: Partial<Record<"router" | "shadow" | "sink", string>>;
  routerMaxInFlight?: number;
  shadowMaxInFlight?: number;
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

export const DEFAULT_GROUP_IDS = { router: "switchyard-router", shadow: "switchyard-shadow", sink: "switchyard-metrics-sink" } as const;

const DEFAULT_SINK_BATCH: StartSinkOptions["batch"] = {
  maxRows: 5_000,
  maxWaitMs: 250,
  maxBufferedRows: 20_000,
  retry: { initialDelayMs: 250, maxDelayMs: 5_000 },
};

/**
 * Router, shadow and metrics sink in this process, each through its own
 * service's start function (the same handlers as the Kafka services), on
 * whatever transport and store they are given. The sink starts first so that
 * the migrations are applied before the first usage event arrives.
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const groupIds = { ...DEFAULT_GROUP_IDS, ...options.groupIds };
  const retryPolicy = options.retryPolicy ?? DEFAULT_RETRY_POLICY;
  const registry = options.registry ? { registry: options.registry } : {};
  const sink = await startSink({
    transport: options.transport,
    store: options.store,
    topics: options.topics,
    groupId: groupIds.sink,
    batch: options.sinkBatch ?? DEFAULT_SINK_BATCH,
    maxEventBytes: 4 * 1024 * 1024,
    logger: options.logger,
    ...registry,
  });
  const shadow = await startShadow({
    transport: options.transport,
    provider: options.provider,
    routing: options.routing,
    topics: options.topics,
    groupId: groupIds.shadow,
    maxInFlight: options.shadowMaxInFlight ?? 32,
    retryPolicy,
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
    routing: options.routing,
    topics: options.topics,
    groupId: groupIds.router,
    maxInFlight: options.routerMaxInFlight ?? 256,
    maxTaskBytes: DEFAULT_MAX_TASK_BYTES,
    retryPolicy,
    logger: options.logger,
    ...registry,
    policy: policy.store.current,
  });
  return {
    router,
    shadow,
    sink,
    policy,
    groupIds,
    async stop() {
      await policy.stop();
      await router.stop();
      await shadow.stop();
      await sink.stop();
    },
  };
}
