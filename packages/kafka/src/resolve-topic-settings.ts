import { ConfigurationError } from "@switchyard/platform";

export const TOPIC_COMPRESSION_TYPES = ["producer", "uncompressed", "gzip", "snappy", "lz4", "zstd"] as const;
export type TopicCompressionType = (typeof TOPIC_COMPRESSION_TYPES)[number];

/** How the topics a service creates are replicated, kept and compressed; unset: the defaults below or the broker's. */
export interface TopicSettings {
  /** Default: min(3, brokers in the cluster when the topic is created). */
  replicationFactor?: number;
  /** Default: 2 when the factor is 3 or more, else the broker's. */
  minInsyncReplicas?: number;
  /** retention.ms; default the broker's. -1: kept forever. */
  retentionMs?: number;
  /** compression.type; default the broker's (producer: as the producer sent it). */
  compressionType?: TopicCompressionType;
}

export interface ResolvedTopicSettings {
  replicationFactor: number;
  /** Topic configs; a caller's own (cleanup.policy of a compacted topic...) are laid over them. */
  configs: Record<string, string>;
}

const DEFAULT_MAX_REPLICATION = 3;
const DEFAULT_MIN_INSYNC_AT_FACTOR_3 = 2;

/** The replication factor and topic configs for a cluster of `brokerCount` brokers. */
export function resolveTopicSettings(settings: TopicSettings, brokerCount: number): ResolvedTopicSettings {
  const replicationFactor = settings.replicationFactor ?? Math.max(1, Math.min(DEFAULT_MAX_REPLICATION, brokerCount));
  const minInsyncReplicas = settings.minInsyncReplicas ?? (replicationFactor >= DEFAULT_MAX_REPLICATION ? DEFAULT_MIN_INSYNC_AT_FACTOR_3 : undefined);
  if (minInsyncReplicas !== undefined && minInsyncReplicas > replicationFactor) {
    // Every acks=all write would fail with NOT_ENOUGH_REPLICAS.
    throw new ConfigurationError(
      "KAFKA_TOPIC_MIN_INSYNC_REPLICAS",
      `min.insync.replicas ${minInsyncReplicas} is more than the replication factor ${replicationFactor}`,
    );
  }
  const configs: Record<string, string> = {};
  if (minInsyncReplicas !== undefined) configs["min.insync.replicas"] = String(minInsyncReplicas);
  if (settings.retentionMs !== undefined) configs["retention.ms"] = String(settings.retentionMs);
  if (settings.compressionType !== undefined) configs["compression.type"] = settings.compressionType;
  return { replicationFactor, configs };
}
