import assert from "node:assert/strict";
import type { FaultOutcome } from "../../faults/support/fault-outcome";
import type { KafkaCluster } from "./kafka-cluster";

/** The topic was created as the services create theirs on three brokers: 3 replicas, min ISR 2. */
export async function assertReplicated(cluster: KafkaCluster, topic: string): Promise<void> {
  const { replicas, minInsyncReplicas } = await cluster.replication(topic);
  assert.ok(replicas.length > 0 && replicas.every((count) => count === 3), `${topic}: 3 replicas per partition (${replicas.join(",")})`);
  assert.equal(minInsyncReplicas, "2", `${topic}: min.insync.replicas`);
}

/**
 * At-least-once: a task may be answered more than once, never by results of
 * another task id, and deduplicating by task id leaves exactly the tasks sent.
 */
export function assertDuplicatesDeduped(outcome: FaultOutcome, sentIds: readonly string[]): void {
  const deduped = new Set(outcome.resultsByTask.keys());
  const sent = new Set(sentIds);
  assert.deepEqual([...deduped].filter((id) => !sent.has(id)).slice(0, 10), [], "results only for tasks that were sent");
  assert.equal(deduped.size, sent.size, "deduplicated by task id, the results are the tasks sent");
  for (const id of outcome.duplicatedIds) {
    const results = outcome.resultsByTask.get(id) ?? [];
    assert.ok(
      results.every((result) => result.taskId === id),
      `every result of ${id} is for ${id}`,
    );
  }
}
