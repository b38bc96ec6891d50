/**
 * The metrics sink's defaults, in one place: the Kafka service's environment
 * (config.ts) and the CLI's embedded pipeline both start from these.
 */
export const SINK_DEFAULTS = {
  groupId: "switchyard-metrics-sink",
  /** The history recorder's group is the sink's with this suffix (each sink group its own). */
  historyGroupSuffix: "-history",
  batch: {
    /** Rows per insert: ClickHouse wants few large inserts. */
    maxRows: 5_000,
    /** The longest a row waits for its batch. */
    maxWaitMs: 1_000,
    /** Events buffered or being inserted at most; the consumer pauses at this many in flight. */
    maxBufferedRows: 40_000,
    /** Batches per table looked up and inserted at once: ClickHouse works on one while the next is built. */
    maxConcurrentBatches: 3,
    retry: { initialDelayMs: 250, maxDelayMs: 10_000 },
  },
  maxEventBytes: 4 * 1024 * 1024,
  topicPartitions: 6,
  // The anomaly detector is on by default: the sink always has ClickHouse.
  alerts: { enabled: true, intervalMs: 300_000, kSigma: 3 },
  metricsPort: 9466,
} as const;
