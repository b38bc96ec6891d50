import { Counter, Gauge, Histogram, type Registry } from "@switchyard/platform";

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

export function createConsumerMetrics(registry: Registry): ConsumerMetrics {
  return {
    consumed: counter(registry, "switchyard_consumer_messages_consumed_total", "Messages taken over by the consumer loop", ["group", "topic"]),
    handled: counter(registry, "switchyard_consumer_messages_handled_total", "Messages finished: outputs acknowledged (outcome ok) or dead-lettered", [
      "group",
      "topic",
      "outcome",
    ]),
    deadLettered: counter(registry, "switchyard_consumer_messages_dead_lettered_total", "Messages sent to the dead letter topic, by error code", [
      "group",
      "topic",
      "code",
    ]),
    retried: counter(
      registry,
      "switchyard_consumer_retries_total",
      "Retries of a retryable handler error (stage handle) or of a failed publish (stage publish)",
      ["group", "topic", "stage"],
    ),
    abandoned: counter(
      registry,
      "switchyard_consumer_messages_abandoned_total",
      "In-flight messages abandoned (partition revoked or drain timeout); they are consumed again",
      ["group", "topic"],
    ),
    inFlight: gauge(registry, "switchyard_consumer_in_flight_messages", "Messages being handled or published, sampled at each commit tick", ["group"]),
    commitLag: gauge(registry, "switchyard_consumer_commit_lag_messages", "Messages taken over but not committed yet", ["group", "topic", "partition"]),
    consumerLag: gauge(registry, "switchyard_consumer_lag_messages", "Partition end offset minus the committed offset, as of the last fetch", [
      "group",
      "topic",
      "partition",
    ]),
    handleSeconds: histogram(registry, "switchyard_consumer_handle_seconds", "Time from taking a message over to finishing it", ["group", "topic"]),
    publishSeconds: histogram(
      registry,
      "switchyard_consumer_publish_seconds",
      "Time from handing a message's outputs to the producer to the broker's acknowledgement",
      ["group", "topic"],
    ),
  };
}

// get-or-create: the embedded mode runs several loops against one registry.
function counter<Label extends string>(registry: Registry, name: string, help: string, labelNames: Label[]): Counter<Label> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<Label>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

function gauge<Label extends string>(registry: Registry, name: string, help: string, labelNames: Label[]): Gauge<Label> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Gauge<Label>;
  return new Gauge({ name, help, labelNames, registers: [registry] });
}

function histogram<Label extends string>(registry: Registry, name: string, help: string, labelNames: Label[]): Histogram<Label> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Histogram<Label>;
  return new Histogram({ name, help, labelNames, registers: [registry], buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
}
