import { DEFAULT_MAX_TASK_BYTES } from "@switchyard/contracts";
import { DEFAULT_RETRY_POLICY } from "@switchyard/llm";
import { DEFAULT_MAX_CANDIDATE_BYTES } from "./task-handler";

/**
 * The router's defaults, in one place: the Kafka service's environment
 * (config.ts) and the CLI's embedded pipeline both start from these, so the
 * two modes behave alike unless configured otherwise.
 */
export const ROUTER_DEFAULTS = {
  groupId: "switchyard-router",
  maxInFlight: 256,
  maxTaskBytes: DEFAULT_MAX_TASK_BYTES,
  maxCandidateBytes: DEFAULT_MAX_CANDIDATE_BYTES,
  topicPartitions: 6,
  sessionTimeoutMs: 30_000,
  /**
   * Fetched tasks wait in memory until in-flight slots free up; a lower bound reads less of a
   * backlog ahead but must still fetch well over ROUTER_MAX_IN_FLIGHT tasks per round across the
   * partitions, or slots go idle between fetches (bench/README.md: 64 KiB cut the RSS at 1,000
   * in flight by about 5% and cost throughput). kafkajs' own default.
   */
  fetchMaxBytesPerPartition: 1024 * 1024,
  metricsPort: 9464,
  retryPolicy: DEFAULT_RETRY_POLICY,
} as const;
