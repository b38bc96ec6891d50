import { BenchKafka, steadyRate, type OutgoingBenchMessage } from "./support/bench-kafka";
import { buildBenchTasks } from "./support/bench-tasks";
import { startBenchProcess, startBenchSimulator } from "./support/child-service";
import { uniqueSuffix, waitUntil } from "./support/bench-environment";
import { buildHostileMessage, CLASSES_WITHOUT_RESULT, HOSTILE_CLASSES } from "./support/hostile-tasks";
import { topicNames } from "@switchyard/test-support";
import { routerEnvironment } from "./support/router-environment";

export interface HostileStreamResult {
  innocentTasks: number;
  hostilePerClass: number;
  classes: number;
  cleanPerSecond: number;
  hostilePerSecond: number;
  cleanP99Ms: number;
  hostileP99Ms: number;
  throughputRatio: number;
  p99Ratio: number;
  hostileResults: number;
  hostileResultsExpected: number;
}

const INNOCENT = 5_000;
const SHARE = 0.01;
const PARTITIONS = 6;

/**
 * Benchmark 6: a stream of innocent tasks, alone and then with 1% hostile
 * tasks of each class interleaved, through the router with an instant
 * simulator. The innocent tasks' throughput and p99 latency (the results'
 * latencyMs) with the hostile ones, as ratios of the clean run at the same
 * moment. Every hostile task with a readable id must get its result.
 */
export async function measureHostileStream(): Promise<HostileStreamResult> {
  const kafka = new BenchKafka();
  const simulator = await startBenchSimulator("hostile.simulator", { latencyScale: 0 });
  const perClass = Math.round(INNOCENT * SHARE);
  try {
    const clean = await runStream(kafka, simulator.url, "clean", buildBenchTasks("innocent", INNOCENT), 0);
    const hostile: OutgoingBenchMessage[] = [];
    HOSTILE_CLASSES.forEach((kind, classIndex) => {
      for (let index = 0; index < perClass; index += 1) hostile.push(buildHostileMessage(kind, `hostile-${kind}-${index}`, classIndex * perClass + index));
    });
    const mixed = interleave(buildBenchTasks("innocent", INNOCENT), hostile);
    const expected = HOSTILE_CLASSES.filter((kind) => !CLASSES_WITHOUT_RESULT.has(kind)).length * perClass;
    const withHostile = await runStream(kafka, simulator.url, "hostile", mixed, expected);
    return {
      innocentTasks: INNOCENT,
      hostilePerClass: perClass,
      classes: HOSTILE_CLASSES.length,
      cleanPerSecond: clean.perSecond,
      hostilePerSecond: withHostile.perSecond,
      cleanP99Ms: clean.p99Ms,
      hostileP99Ms: withHostile.p99Ms,
      throughputRatio: withHostile.perSecond / clean.perSecond,
      p99Ratio: clean.p99Ms / Math.max(1, withHostile.p99Ms),
      hostileResults: withHostile.hostileResults,
      hostileResultsExpected: expected,
    };
  } finally {
    await simulator.stop();
    await kafka.close();
  }
}

/** Spreads `extra` evenly through `base`. */
function interleave(base: OutgoingBenchMessage[], extra: OutgoingBenchMessage[]): OutgoingBenchMessage[] {
  const mixed: OutgoingBenchMessage[] = [];
  const every = Math.max(1, Math.floor(base.length / Math.max(1, extra.length)));
  let next = 0;
  base.forEach((message, index) => {
    mixed.push(message);
    if (index % every === every - 1 && next < extra.length) mixed.push(extra[next++] as OutgoingBenchMessage);
  });
  while (next < extra.length) mixed.push(extra[next++] as OutgoingBenchMessage);
  return mixed;
}

async function runStream(kafka: BenchKafka, simulatorUrl: string, label: string, messages: OutgoingBenchMessage[], hostileExpected: number) {
  const topics = topicNames(`bench.hostile.${label}.${uniqueSuffix()}`);
  await kafka.createTopics(Object.values(topics), PARTITIONS);
  await kafka.fill(topics.tasks, messages);
  const arrivals: number[] = [];
  const latencies: number[] = [];
  let hostileResults = 0;
  const stopWatching = await kafka.watch(topics.results, (key, value, arrivedAt) => {
    if (!key.startsWith("innocent-")) {
      hostileResults += 1;
      return;
    }
    arrivals.push(arrivedAt);
    latencies.push((JSON.parse(String(value)) as { latencyMs: number }).latencyMs);
  });
  const router = startBenchProcess("router", `hostile.${label}.router`, routerEnvironment(topics, simulatorUrl, { ROUTER_MAX_IN_FLIGHT: "256" }));
  try {
    await waitUntil(
      () => {
        if (!router.running) throw new Error(`the router exited: ${router.log().slice(-2000)}`);
        return arrivals.length >= INNOCENT && hostileResults >= hostileExpected;
      },
      `${INNOCENT} innocent and ${hostileExpected} hostile results (${label})`,
      300_000,
    );
  } finally {
    await router.stop();
    await stopWatching();
  }
  const sorted = [...latencies].sort((left, right) => left - right);
  return { perSecond: steadyRate(arrivals).perSecond, p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? Number.NaN, hostileResults };
}
