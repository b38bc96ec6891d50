export interface BenchTopics {
  tasks: string;
  results: string;
  usage: string;
  shadow: string;
  shadowCandidates: string;
  deadLetters: string;
  alerts: string;
}

export function topicNames(base: string): BenchTopics {
  return {
    tasks: `${base}.tasks`,
    results: `${base}.results`,
    usage: `${base}.usage`,
    shadow: `${base}.shadow`,
    shadowCandidates: `${base}.shadow-candidates`,
    deadLetters: `${base}.dlq`,
    alerts: `${base}.alerts`,
  };
}

export function topicEnvironment(topics: BenchTopics): Record<string, string> {
  return {
    TOPIC_TASKS: topics.tasks,
    TOPIC_RESULTS: topics.results,
    TOPIC_USAGE: topics.usage,
    TOPIC_SHADOW: topics.shadow,
    TOPIC_SHADOW_CANDIDATES: topics.shadowCandidates,
    TOPIC_DLQ: topics.deadLetters,
    TOPIC_ALERTS: topics.alerts,
  };
}

/** A router process on the benchmark's topics, calling the simulator; logs at the production default (info). */
export function routerEnvironment(topics: BenchTopics, simulatorUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? "127.0.0.1:9092",
    ...topicEnvironment(topics),
    ROUTER_GROUP_ID: `${topics.tasks}.router`,
    ANTHROPIC_API_KEY: "bench",
    ANTHROPIC_BASE_URL: simulatorUrl,
    METRICS_PORT: "0",
    LOG_LEVEL: "info",
    ...extra,
  };
}
