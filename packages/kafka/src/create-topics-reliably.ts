import type { Admin, ITopicConfig } from "kafkajs";
import { sleep } from "@switchyard/platform";

const ATTEMPTS = 8;
const RETRY_DELAY_MS = 250;

/**
 * admin.createTopics waiting for leaders, tried again on a retriable error:
 * a broker that has just started, or just created or deleted topics, briefly
 * answers metadata with UNKNOWN_TOPIC_OR_PARTITION, which kafkajs' own wait
 * does not retry. Creating a topic that exists is not an error.
 */
export async function createTopicsReliably(admin: Admin, topics: ITopicConfig[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin.createTopics({ topics, waitForLeaders: true });
      return;
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || attempt >= ATTEMPTS) throw error;
      await sleep(RETRY_DELAY_MS * attempt);
    }
  }
}
