import { DEFAULT_RETRY_POLICY } from "@switchyard/llm";

/**
 * The shadow's defaults, in one place: the Kafka service's environment
 * (config.ts) and the CLI's embedded pipeline both start from these.
 */
export const SHADOW_DEFAULTS = {
  groupId: "switchyard-shadow",
  /** The shadow's own concurrency budget, apart from the router's. */
  maxInFlight: 32,
  topicPartitions: 6,
  sessionTimeoutMs: 30_000,
  metricsPort: 9465,
  retryPolicy: DEFAULT_RETRY_POLICY,
  /** How long a candidate routed under a policy version this instance has not read yet waits for it. */
  policyCatchUpMs: 5_000,
} as const;
