import { getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram, type Counter, type Gauge, type Histogram, type Registry } from "@switchyard/platform";

/** The consumer loop's Prometheus metrics; several loops may share one registry. */
export interface ConsumerMetrics {
  consumed: Counter<"group" | "topic">;
  handled: Counter<"group" | "topic" | "outcome">;
  deadLettered: Counter<"group" | "topic" | "code">;
  retried: Counter<"group" | "topic" | "stage">;
  abandoned: Counter<"group" | "topic">;
  inFlight: Gauge<"group">;
  commitLag: Gauge<"group" | "topic" | "partition">;
  consumerLag: Gauge<"group" | "topic" | "partition">;
  handleSeconds: Histogram<"group" | "topic">;
  publishSeconds: Histogram<"group" | "topic">;
}

/** The per-message metrics of one group and topic, bound once (labelling on every call costs a hash of the labels). */
export interface TopicMetrics {
  consumed: { inc(value?: number): void };
  handledOk: { inc(value?: number): void };
  handleSeconds: { observe(value: number): void };
  publishSeconds: { observe(value: number): void };
}

export function bindTopicMetrics(metrics: ConsumerMetrics, group: string, topic: string): TopicMetrics {
  return {
    consumed: metrics.consumed.labels({ group, topic }),
    handledOk: metrics.handled.labels({ group, topic, outcome: "ok" }),
    handleSeconds: metrics.handleSeconds.labels({ group, topic }),
    publishSeconds: metrics.publishSeconds.labels({ group, topic }),
  };
}

const SECONDS_BUCKETS = [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createConsumerMetrics(registry: Registry): ConsumerMetrics {
  return {
    consumed: getOrCreateCounter(registry, {
      name: "switchyard_consumer_messages_consumed_total",
      help: "Messages taken over by the consumer loop",
      labelNames: ["group", "topic"],
    }),
    handled: getOrCreateCounter(registry, {
      name: "switchyard_consumer_messages_handled_total",
      help: "Messages finished: outputs acknowledged (outcome ok) or dead-lettered",
      labelNames: ["group", "topic", "outcome"],
    }),
    deadLettered: getOrCreateCounter(registry, {
      name: "switchyard_consumer_messages_dead_lettered_total",
      help: "Messages sent to the dead letter topic, by error code",
      labelNames: ["group", "topic", "code"],
    }),
    retried: getOrCreateCounter(registry, {
      name: "switchyard_consumer_retries_total",
      help: "Retries of a retryable handler error (stage handle) or of a failed publish (stage publish)",
      labelNames: ["group", "topic", "stage"],
    }),
    abandoned: getOrCreateCounter(registry, {
      name: "switchyard_consumer_messages_abandoned_total",
      help: "In-flight messages abandoned (partition revoked or drain timeout); they are consumed again",
      labelNames: ["group", "topic"],
    }),
    inFlight: getOrCreateGauge(registry, {
      name: "switchyard_consumer_in_flight_messages",
      help: "Messages being handled or published, sampled at each commit tick",
      labelNames: ["group"],
    }),
    commitLag: getOrCreateGauge(registry, {
      name: "switchyard_consumer_commit_lag_messages",
      help: "Messages taken over but not committed yet",
      labelNames: ["group", "topic", "partition"],
    }),
    consumerLag: getOrCreateGauge(registry, {
      name: "switchyard_consumer_lag_messages",
      help: "Partition end offset minus the committed offset, as of the last fetch",
      labelNames: ["group", "topic", "partition"],
    }),
    handleSeconds: getOrCreateHistogram(registry, {
      name: "switchyard_consumer_handle_seconds",
      help: "Time from taking a message over to finishing it",
      labelNames: ["group", "topic"],
      buckets: SECONDS_BUCKETS,
    }),
    publishSeconds: getOrCreateHistogram(registry, {
      name: "switchyard_consumer_publish_seconds",
      help: "Time from handing a message's outputs to the producer to the broker's acknowledgement",
      labelNames: ["group", "topic"],
      buckets: SECONDS_BUCKETS,
    }),
  };
}
