import { TransportError } from "./transport-error";
import type { Admin, ITopicConfig } from "kafkajs";
import { sleep } from "@switchyard/platform";
import { isRetriableKafkaError } from "./classify-kafka-error";

const ATTEMPTS = 20;
const RETRY_DELAY_MS = 100;
const MAX_RETRY_DELAY_MS = 1_000;

/**
 * Creates the topics that do not exist yet, then waits until every partition
 * of every one of them has a leader, whoever created it. Concurrent creation
 * by several services is expected: a topic another service created first
 * counts as created (kafkajs then skips its own wait for leaders, which is why
 * the leaders are checked here for all of them). A broker that has just
 * started, or just created topics, briefly answers UNKNOWN_TOPIC_OR_PARTITION
 * or LEADER_NOT_AVAILABLE: such retriable errors are tried again a bounded
 * number of times; a caller that must outlast longer outages wraps this in a
 * StartupWait.
 */
export async function createTopicsReliably(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  const names = topics.map((topic) => topic.topic);
  for (let attempt = 1; ; attempt += 1) {
    let lastProblem: unknown;
    try {
      await admin.createTopics({ topics, waitForLeaders: false });
      const leaderless = await topicsWithoutLeaders(admin, names);
      if (leaderless.length === 0) return;
      lastProblem = new TransportError(`topics without a leader for every partition yet: ${leaderless.join(", ")}`, {
        retryable: true,
      });
    } catch (error) {
      if (!isRetriableKafkaError(error)) throw error;
      lastProblem = error;
    }
    if (attempt >= ATTEMPTS) throw lastProblem;
    await sleep(Math.min(RETRY_DELAY_MS * attempt, MAX_RETRY_DELAY_MS));
  }
}

async function topicsWithoutLeaders(admin: Admin, names: string[]): Promise<string[]> {
  const metadata = await admin.fetchTopicMetadata({ topics: names });
  const led = new Set(
    metadata.topics.filter((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0)).map((topic) => topic.name),
  );
  return names.filter((name) => !led.has(name));
}
