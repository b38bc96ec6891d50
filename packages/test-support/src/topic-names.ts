import type { TopicNames } from "@switchyard/contracts";

/** Every topic of the pipeline, named under `base`. */
export function topicNames(base: string): TopicNames {
  return {
    tasks: `${base}.tasks`,
    results: `${base}.results`,
    usage: `${base}.usage`,
    shadow: `${base}.shadow`,
    shadowCandidates: `${base}.shadow-candidates`,
    deadLetters: `${base}.dlq`,
    alerts: `${base}.alerts`,
    batches: `${base}.batches`,
  };
}

/**
 * The TOPIC_* environment that points a service (or the CLI) at these topics,
 * and at a policy topic of their own (the services create it), so that no test
 * follows the shared broker's llm.policy.
 */
export function topicEnvironment(topics: TopicNames): Record<string, string> {
  return {
    TOPIC_TASKS: topics.tasks,
    TOPIC_RESULTS: topics.results,
    TOPIC_USAGE: topics.usage,
    TOPIC_SHADOW: topics.shadow,
    TOPIC_SHADOW_CANDIDATES: topics.shadowCandidates,
    TOPIC_DLQ: topics.deadLetters,
    TOPIC_ALERTS: topics.alerts,
    TOPIC_BATCHES: topics.batches,
    TOPIC_POLICY: `${topics.tasks}.policy`,
  };
}
