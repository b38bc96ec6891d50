import { z } from "zod";

/** Default topic names of the contract; every one can be renamed by configuration. */
export const DEFAULT_TOPICS = {
  tasks: "llm.tasks",
  results: "llm.results",
  usage: "llm.usage",
  shadow: "llm.shadow",
  /** Internal: sampled task and result pairs, from the router to the shadow consumer. */
  shadowCandidates: "llm.shadow.candidates",
  deadLetters: "llm.dlq",
  alerts: "llm.alerts",
  /** Compacted: the router's Message Batches in flight, keyed by batch id. */
  batches: "llm.batches",
} as const;

export type TopicNames = { [Key in keyof typeof DEFAULT_TOPICS]: string };

const topicName = (fallback: string) =>
  z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,249}$/, { message: "expected a Kafka topic name (letters, digits, . _ -)" })
      .default(fallback),
  );

/** TOPIC_* environment variables that rename topics. */
export const TopicEnvironmentSchema = z
  .object({
    TOPIC_TASKS: topicName(DEFAULT_TOPICS.tasks),
    TOPIC_RESULTS: topicName(DEFAULT_TOPICS.results),
    TOPIC_USAGE: topicName(DEFAULT_TOPICS.usage),
    TOPIC_SHADOW: topicName(DEFAULT_TOPICS.shadow),
    TOPIC_SHADOW_CANDIDATES: topicName(DEFAULT_TOPICS.shadowCandidates),
    TOPIC_DLQ: topicName(DEFAULT_TOPICS.deadLetters),
    TOPIC_ALERTS: topicName(DEFAULT_TOPICS.alerts),
    TOPIC_BATCHES: topicName(DEFAULT_TOPICS.batches),
  })
  .transform((environment): TopicNames => ({
    tasks: environment.TOPIC_TASKS,
    results: environment.TOPIC_RESULTS,
    usage: environment.TOPIC_USAGE,
    shadow: environment.TOPIC_SHADOW,
    shadowCandidates: environment.TOPIC_SHADOW_CANDIDATES,
    deadLetters: environment.TOPIC_DLQ,
    alerts: environment.TOPIC_ALERTS,
    batches: environment.TOPIC_BATCHES,
  }));

/** TOPIC_POLICY: renames the live routing policy's topic (default llm.policy). */
export const PolicyTopicEnvironmentSchema = z.object({ TOPIC_POLICY: topicName("llm.policy") }).transform((environment) => environment.TOPIC_POLICY);
