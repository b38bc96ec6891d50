import { BenchKafka, steadyRate } from "./support/bench-kafka";
import { buildBenchTasks } from "./support/bench-tasks";
import { startBenchProcess, startBenchSimulator } from "./support/child-service";
import { measureSdkClosedLoop } from "./support/measure-sdk-closed-loop";
import { residentMegabytes, sleep, uniqueSuffix, waitUntil } from "./support/bench-environment";
import { topicNames } from "@switchyard/test-support";
import { routerEnvironment } from "./support/router-environment";

export interface LittlesLawResult {
  latencyMs: number;
  maxInFlight: number;
  partitions: number;
  tasks: number;
  perSecond: number;
  boundPerSecond: number;
  ratio: number;
  /** The SDK alone, C callers against the same simulator: what the simulator and HTTP allow. */
  sdkOnlyPerSecond: number;
  ratioToSdkOnly: number;
  /** Router memory: after start, and the highest sample while its calls were at the in-flight limit. */
  rssAtStartMegabytes: number;
  rssAtMaxInFlightMegabytes: number;
  /** The most calls the simulator saw in flight at once during the run. */
  peakCallsInFlight: number;
}

const LATENCY_MS = 500;
const MAX_IN_FLIGHT = 256;
const TASKS = MAX_IN_FLIGHT * 24;

/**
 * Benchmark 2 (and 5): one partition, every call 500 ms, up to 256 in
 * flight. A router that keeps its slots full delivers C / L = 512 tasks/s
 * (Little's law). The router's RSS is sampled meanwhile.
 */
export async function measureLittlesLaw(): Promise<LittlesLawResult> {
  const kafka = new BenchKafka();
  const simulator = await startBenchSimulator("littles-law.simulator", { fixedLatencyMs: LATENCY_MS, latencyJitter: 0 });
  try {
    const topics = topicNames(`bench.littles-law.${uniqueSuffix()}`);
    await kafka.createTopics(Object.values(topics), 1);
    const arrivals: number[] = [];
    const stopWatching = await kafka.watch(topics.results, (_key, _value, arrivedAt) => arrivals.push(arrivedAt));
    const router = startBenchProcess("router", "littles-law.router", routerEnvironment(topics, simulator.url, { ROUTER_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT), ROUTER_TOPIC_PARTITIONS: "1" }));
    let rssAtStart = 0;
    let rssAtMaxInFlight = 0;
    let peakCallsInFlight = 0;
    try {
      await waitUntil(() => {
        if (!router.running) throw new Error(`the router exited: ${router.log().slice(-2000)}`);
        return router.log().includes('"msg":"router started"');
      }, "the router started", 60_000);
      await sleep(1_000);
      rssAtStart = residentMegabytes(router.pid);
      await kafka.fill(topics.tasks, buildBenchTasks("littles-law", TASKS));
      while (arrivals.length < TASKS) {
        if (!router.running) throw new Error(`the router exited: ${router.log().slice(-2000)}`);
        const [stats, rss] = [await simulator.stats(), residentMegabytes(router.pid)];
        peakCallsInFlight = Math.max(peakCallsInFlight, stats.inFlight);
        if (stats.inFlight >= MAX_IN_FLIGHT * 0.95) rssAtMaxInFlight = Math.max(rssAtMaxInFlight, rss);
        await sleep(200);
      }
    } finally {
      await router.stop();
      await stopWatching();
    }
    const perSecond = steadyRate(arrivals).perSecond;
    const boundPerSecond = MAX_IN_FLIGHT / (LATENCY_MS / 1000);
    const sdkOnlyPerSecond = await measureSdkClosedLoop(simulator.url, { concurrency: MAX_IN_FLIGHT, calls: MAX_IN_FLIGHT * 12 });
    return {
      latencyMs: LATENCY_MS,
      maxInFlight: MAX_IN_FLIGHT,
      partitions: 1,
      tasks: TASKS,
      perSecond,
      boundPerSecond,
      ratio: perSecond / boundPerSecond,
      sdkOnlyPerSecond,
      ratioToSdkOnly: perSecond / sdkOnlyPerSecond,
      rssAtStartMegabytes: rssAtStart,
      rssAtMaxInFlightMegabytes: rssAtMaxInFlight,
      peakCallsInFlight,
    };
  } finally {
    await simulator.stop();
    await kafka.close();
  }
}
