import type { TopicNames } from "@switchyard/contracts";
import { topicEnvironment } from "@switchyard/test-support";

/** A router process on the benchmark's topics, calling the simulator; logs at the production default (info). */
export function routerEnvironment(topics: TopicNames, simulatorUrl: string, extra: Record<string, string> = {}): Record<string, string> {
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
