import { buildTasks } from "./fault-tasks";
import { assertNothingLost, collectOutcome, reportCounts } from "./fault-outcome";
import type { FaultPipeline } from "./fault-pipeline";
import { assertStillRunningWithoutFatal } from "./service-health";

/**
 * What every start-up scenario proves once its services are ready: `count`
 * tasks are all answered, every usage event is in ClickHouse exactly once
 * with the exact cost, and every process is the one first started, with no
 * fatal line in any log.
 */
export async function assertAnsweredExactlyWithoutRestart(pipeline: FaultPipeline, scenario: string, count: number, extra: string): Promise<void> {
  const tasks = buildTasks(pipeline.options.scenario, count, pipeline.secrets.canary);
  const ids = tasks.map((task) => task.key);
  await pipeline.sendTasks(tasks);
  await pipeline.waitForResults(ids, 120_000);
  const outcome = await collectOutcome(pipeline, scenario, ids);
  reportCounts(outcome.counts, extra);
  assertStillRunningWithoutFatal(pipeline.processes);
  assertNothingLost(outcome);
}

/** One count-line field per service: the distinct reasons /readyz gave before ready. */
export function describeReasons(reasons: Map<string, string[]>): string {
  return [...reasons].map(([name, list]) => `${name.split(".").pop() ?? name}:${list.length === 0 ? "-" : list.join("|").replace(/\s+/g, "_")}`).join(" ");
}
