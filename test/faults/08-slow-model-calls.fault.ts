// Scenario 8: every model call takes longer than half the consumer session timeout (lowered to
// 10 s with ROUTER_SESSION_TIMEOUT_MS), and a second router joins while those calls run. The group must not fall into a rebalance loop, no router may commit an offset of a
// partition it no longer owns, and nothing may be lost.
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildTasks } from "./support/fault-tasks";
import { collectOutcome, assertNothingLost, reportCounts } from "./support/fault-outcome";
import { FaultPipeline } from "./support/fault-pipeline";
import { sleep } from "./support/fault-environment";
import type { ServiceProcess } from "@switchyard/test-support";

const TASKS = 600;
const SESSION_TIMEOUT_MS = 10_000;
const CALL_MS = 6_000;

test("8. model calls slower than half the session timeout: no rebalance loop, no commit for revoked partitions", { timeout: 600_000 }, async () => {
  assert.ok(CALL_MS > SESSION_TIMEOUT_MS / 2);
  const pipeline = await FaultPipeline.start({
    scenario: "s8-slow-calls",
    simulator: { fixedLatencyMs: CALL_MS, latencyJitter: 0 },
    // Debug: the consumer loop logs every commit with its offsets.
    routerEnvironment: { LOG_LEVEL: "debug", ROUTER_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS) },
    shadow: false,
  });
  let passed = false;
  try {
    const tasks = buildTasks("s8", TASKS, pipeline.secrets.canary);
    const ids = tasks.map((task) => task.key);
    const first = pipeline.startRouter();
    await pipeline.sendTasks(tasks);
    await first.waitForMessage("partitions assigned", 60_000);
    // The second router joins while the first one's calls are running: a rebalance mid-call.
    await sleep(CALL_MS / 2);
    const second = pipeline.startRouter();
    await pipeline.waitForResults(ids, 400_000);
    const outcome = await collectOutcome(pipeline, "8 slow model calls + a rebalance", ids);
    const routers = [first, second];
    const audits = routers.map(auditCommits);
    const lostMembership = routers.reduce((sum, router) => sum + router.countMessages("lost group membership; the consumer rejoins by itself"), 0);
    reportCounts(
      outcome.counts,
      `call-ms=${CALL_MS} assignments=${audits.map((audit) => audit.assignments).join("/")} commits=${audits.map((audit) => audit.commits).join("/")} ` +
        `revoked-commits=${audits.reduce((sum, audit) => sum + audit.revokedCommits.length, 0)} lost-membership=${lostMembership}`,
    );
    assertNothingLost(outcome);
    for (const [index, audit] of audits.entries()) {
      assert.ok(audit.commits > 0, `router ${index + 1} committed something`);
      assert.deepEqual(audit.revokedCommits.slice(0, 5), [], `router ${index + 1} committed partitions it did not own`);
      // Joining, then at most the one rebalance the second router causes (and one retry of it).
      assert.ok(audit.assignments <= 3, `router ${index + 1} was assigned partitions ${audit.assignments} times: a rebalance loop`);
    }
    assert.equal(lostMembership, 0, "no router lost its membership while its calls were running");
    passed = true;
  } finally {
    await pipeline.stop(passed);
  }
});

interface CommitAudit {
  assignments: number;
  commits: number;
  revokedCommits: string[];
}

/** Walks a router's log in order: every committed partition must be in its latest assignment. */
function auditCommits(router: ServiceProcess): CommitAudit {
  let owned = new Set<string>();
  const audit: CommitAudit = { assignments: 0, commits: 0, revokedCommits: [] };
  for (const entry of router.logEntries()) {
    if (entry.msg === "partitions assigned" && Array.isArray(entry.assignment)) {
      owned = new Set(entry.assignment.map(String));
      audit.assignments += 1;
    }
    if (entry.msg !== "committed" || !Array.isArray(entry.offsets)) continue;
    audit.commits += 1;
    for (const offset of entry.offsets as Array<{ topic: string; partition: number; offset: string }>) {
      const key = `${offset.topic}/${offset.partition}`;
      if (!owned.has(key)) audit.revokedCommits.push(`${key}@${offset.offset} at ${String(entry.time)}`);
    }
  }
  return audit;
}
