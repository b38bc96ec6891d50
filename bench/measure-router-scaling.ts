import { BenchKafka, steadyRate } from "./support/bench-kafka";
import { buildBenchTasks } from "./support/bench-tasks";
import { startBenchProcess, startBenchSimulator } from "./support/child-service";
import { uniqueSuffix, waitUntil } from "./support/bench-environment";
import { topicNames } from "@switchyard/test-support";
import { routerEnvironment } from "./support/router-environment";

export interface RouterScalingRow {
  routers: number;
  tasks: number;
  perSecond: number;
  /** Little's law for all instances together: routers × C / L. */
  boundPerSecond: number;
  ratio: number;
}

export interface RouterScalingResult {
  latencyMs: number;
  maxInFlightPerRouter: number;
  partitions: number;
  rows: RouterScalingRow[];
}

const LATENCY_MS = 500;
const MAX_IN_FLIGHT = 32;
const PARTITIONS = 12;
const ROUTER_COUNTS = [1, 2, 4];
/** Each run lasts about this many seconds at its bound, so that the steady window dominates. */
const SECONDS_AT_BOUND = 12;

/**
 * Benchmark 7: 1, 2 and 4 routers in one group over 12 partitions, every call
 * 500 ms, up to 32 in flight each. Instances add up when throughput follows
 * routers × C / L, the Little's-law bound of all of them together.
 */
export async function measureRouterScaling(): Promise<RouterScalingResult> {
  const kafka = new BenchKafka();
  const simulator = await startBenchSimulator("router-scaling.simulator", { fixedLatencyMs: LATENCY_MS, latencyJitter: 0 });
  const rows: RouterScalingRow[] = [];
  try {
    for (const routers of ROUTER_COUNTS) {
      const boundPerSecond = (routers * MAX_IN_FLIGHT) / (LATENCY_MS / 1000);
      const tasks = Math.round(boundPerSecond * SECONDS_AT_BOUND);
      const topics = topicNames(`bench.router-scaling-${routers}.${uniqueSuffix()}`);
      await kafka.createTopics(Object.values(topics), PARTITIONS);
      const arrivals: number[] = [];
      const stopWatching = await kafka.watch(topics.results, (_key, _value, arrivedAt) => arrivals.push(arrivedAt));
      const processes = Array.from({ length: routers }, (_, index) =>
        startBenchProcess(
          "router",
          `router-scaling-${routers}.router-${index + 1}`,
          routerEnvironment(topics, simulator.url, { ROUTER_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT), ROUTER_TOPIC_PARTITIONS: String(PARTITIONS) }),
        ),
      );
      try {
        // Every router owns partitions before the tasks arrive: the rate measured is the group's, not the first member's.
        const assigned = () => processes.filter((router) => router.log().includes('"msg":"partitions assigned"')).length;
        await waitUntil(
          () => {
            const exited = processes.find((router) => !router.running);
            if (exited) throw new Error(`a router exited: ${exited.log().slice(-2000)}`);
            return assigned() === routers && settledAssignment(processes) === PARTITIONS;
          },
          `the ${routers} routers share the partitions`,
          120_000,
        );
        await kafka.fill(topics.tasks, buildBenchTasks(`router-scaling-${routers}`, tasks));
        await waitUntil(
          () => arrivals.length >= tasks,
          `${tasks} results`,
          300_000,
          () => `${arrivals.length} results`,
        );
      } finally {
        await Promise.all(processes.map((router) => router.stop()));
        await stopWatching();
      }
      const perSecond = steadyRate(arrivals).perSecond;
      rows.push({ routers, tasks, perSecond, boundPerSecond, ratio: perSecond / boundPerSecond });
    }
  } finally {
    await simulator.stop();
    await kafka.close();
  }
  return { latencyMs: LATENCY_MS, maxInFlightPerRouter: MAX_IN_FLIGHT, partitions: PARTITIONS, rows };
}

/** Partitions owned according to each router's last logged assignment. */
function settledAssignment(processes: ReturnType<typeof startBenchProcess>[]): number {
  return processes.reduce((sum, router) => {
    const last = router
      .logEntries()
      .filter((entry) => entry.msg === "partitions assigned")
      .at(-1)?.assignment;
    return sum + (Array.isArray(last) ? last.length : 0);
  }, 0);
}
