import { topicNames } from "@switchyard/test-support";
import { BenchKafka, steadyRate } from "./bench-kafka";
import { buildBenchTasks } from "./bench-tasks";
import { residentMegabytes, sleep, uniqueSuffix, waitUntil } from "./bench-environment";
import { startBenchProcess, startBenchSimulator } from "./child-service";
import { readGauges } from "./read-service-metrics";
import { routerEnvironment } from "./router-environment";
import { summarizeRepeats, type Repeated } from "./summarize-repeats";

export interface ConcurrencySettings {
  name: string;
  latencyMs: number;
  maxInFlight: number;
  partitions: number;
  /** Tasks per router run (and calls per SDK-alone run). */
  tasks: number;
  repeats: number;
  /** Scrape the router's V8 heap at each new RSS peak: work the router would not do otherwise, so only where row 0c needs it. */
  readHeap?: boolean;
}

/** One process at its concurrency limit: steady rate, and RSS after start and while its calls were at the limit. */
export interface ConcurrencyRun {
  perSecond: number;
  rssAtStartMegabytes: number;
  rssAtMaxInFlightMegabytes: number;
  /** V8's heap when the RSS peaked: what is in use, and what V8 holds (used plus room it keeps for garbage until its next full collection). */
  heapUsedAtPeakMegabytes: number;
  heapTotalAtPeakMegabytes: number;
}

export interface ConcurrencyComparison {
  latencyMs: number;
  maxInFlight: number;
  partitions: number;
  tasks: number;
  router: ConcurrencyRun[];
  sdkAlone: ConcurrencyRun[];
  /** The most calls the simulator saw in flight at once during the router's runs. */
  peakCallsInFlight: number;
  /** Router ÷ SDK alone, per pair of runs. */
  throughputRatio: Repeated;
  rssRatio: Repeated;
  routerPerSecond: Repeated;
  sdkAlonePerSecond: Repeated;
  routerRssMegabytes: Repeated;
  sdkAloneRssMegabytes: Repeated;
  /** (RSS at the limit − RSS after start) ÷ in-flight calls. */
  routerMegabytesPerCall: Repeated;
  sdkAloneMegabytesPerCall: Repeated;
  routerHeapUsedMegabytes: Repeated;
  sdkAloneHeapUsedMegabytes: Repeated;
  routerHeapTotalMegabytes: Repeated;
  sdkAloneHeapTotalMegabytes: Repeated;
  /** Router ÷ SDK alone: V8 heap held at the RSS peak (in use is a moment between collections, held is what V8 keeps). */
  heapTotalRatio: Repeated;
}

/**
 * The router holding `maxInFlight` model calls of `latencyMs` each, against the
 * SDK alone in a process of its own with as many callers against the same
 * simulator: `repeats` pairs, router and SDK taking turns, so that the load
 * other work puts on the machine falls on both.
 */
export async function compareWithSdkAlone(settings: ConcurrencySettings): Promise<ConcurrencyComparison> {
  const simulator = await startBenchSimulator(`${settings.name}.simulator`, { fixedLatencyMs: settings.latencyMs, latencyJitter: 0 });
  const router: ConcurrencyRun[] = [];
  const sdkAlone: ConcurrencyRun[] = [];
  let peakCallsInFlight = 0;
  try {
    for (let round = 0; round < settings.repeats; round += 1) {
      const run = await runRouter(settings, simulator);
      peakCallsInFlight = Math.max(peakCallsInFlight, run.peakCallsInFlight);
      router.push(run);
      sdkAlone.push(await runSdkAlone(settings, simulator.url));
    }
  } finally {
    await simulator.stop();
  }
  const perCall = (run: ConcurrencyRun) => (run.rssAtMaxInFlightMegabytes - run.rssAtStartMegabytes) / settings.maxInFlight;
  return {
    latencyMs: settings.latencyMs,
    maxInFlight: settings.maxInFlight,
    partitions: settings.partitions,
    tasks: settings.tasks,
    router,
    sdkAlone,
    peakCallsInFlight,
    throughputRatio: summarizeRepeats(router.map((run, index) => run.perSecond / (sdkAlone[index]?.perSecond ?? Number.NaN))),
    rssRatio: summarizeRepeats(router.map((run, index) => run.rssAtMaxInFlightMegabytes / (sdkAlone[index]?.rssAtMaxInFlightMegabytes ?? Number.NaN))),
    routerPerSecond: summarizeRepeats(router.map((run) => run.perSecond)),
    sdkAlonePerSecond: summarizeRepeats(sdkAlone.map((run) => run.perSecond)),
    routerRssMegabytes: summarizeRepeats(router.map((run) => run.rssAtMaxInFlightMegabytes)),
    sdkAloneRssMegabytes: summarizeRepeats(sdkAlone.map((run) => run.rssAtMaxInFlightMegabytes)),
    routerMegabytesPerCall: summarizeRepeats(router.map(perCall)),
    routerHeapUsedMegabytes: summarizeRepeats(router.map((run) => run.heapUsedAtPeakMegabytes)),
    sdkAloneHeapUsedMegabytes: summarizeRepeats(sdkAlone.map((run) => run.heapUsedAtPeakMegabytes)),
    routerHeapTotalMegabytes: summarizeRepeats(router.map((run) => run.heapTotalAtPeakMegabytes)),
    sdkAloneHeapTotalMegabytes: summarizeRepeats(sdkAlone.map((run) => run.heapTotalAtPeakMegabytes)),
    heapTotalRatio: summarizeRepeats(router.map((run, index) => run.heapTotalAtPeakMegabytes / (sdkAlone[index]?.heapTotalAtPeakMegabytes ?? Number.NaN))),
    sdkAloneMegabytesPerCall: summarizeRepeats(sdkAlone.map(perCall)),
  };
}

async function runRouter(
  settings: ConcurrencySettings,
  simulator: Awaited<ReturnType<typeof startBenchSimulator>>,
): Promise<ConcurrencyRun & { peakCallsInFlight: number }> {
  const kafka = new BenchKafka();
  try {
    const topics = topicNames(`bench.${settings.name}.${uniqueSuffix()}`);
    await kafka.createTopics(Object.values(topics), settings.partitions);
    const arrivals: number[] = [];
    const stopWatching = await kafka.watch(topics.results, (_key, _value, arrivedAt) => arrivals.push(arrivedAt));
    const router = startBenchProcess(
      "router",
      `${settings.name}.router`,
      routerEnvironment(topics, simulator.url, {
        ROUTER_MAX_IN_FLIGHT: String(settings.maxInFlight),
        ROUTER_TOPIC_PARTITIONS: String(settings.partitions),
      }),
    );
    let rssAtStart = 0;
    let rssAtMaxInFlight = 0;
    let heapAtPeak = { used: Number.NaN, total: Number.NaN };
    let peakCallsInFlight = 0;
    try {
      await waitUntil(
        () => {
          if (!router.running) throw new Error(`the router exited: ${router.log().slice(-2000)}`);
          return router.log().includes('"msg":"router started"');
        },
        "the router started",
        60_000,
      );
      await sleep(1_000);
      rssAtStart = residentMegabytes(router.pid);
      await kafka.fill(topics.tasks, buildBenchTasks(settings.name, settings.tasks));
      while (arrivals.length < settings.tasks) {
        if (!router.running) throw new Error(`the router exited: ${router.log().slice(-2000)}`);
        const [stats, rss] = [await simulator.stats(), residentMegabytes(router.pid)];
        peakCallsInFlight = Math.max(peakCallsInFlight, stats.inFlight);
        if (stats.inFlight >= settings.maxInFlight * 0.95 && rss > rssAtMaxInFlight) {
          rssAtMaxInFlight = rss;
          if (settings.readHeap) heapAtPeak = await readHeapMegabytes(router);
        }
        await sleep(200);
      }
    } finally {
      await router.stop();
      await stopWatching();
    }
    return {
      perSecond: steadyRate(arrivals).perSecond,
      rssAtStartMegabytes: rssAtStart,
      rssAtMaxInFlightMegabytes: rssAtMaxInFlight,
      heapUsedAtPeakMegabytes: heapAtPeak.used,
      heapTotalAtPeakMegabytes: heapAtPeak.total,
      peakCallsInFlight,
    };
  } finally {
    await kafka.close();
  }
}

async function runSdkAlone(settings: ConcurrencySettings, simulatorUrl: string): Promise<ConcurrencyRun> {
  const child = startBenchProcess("sdkClosedLoop", `${settings.name}.sdk-alone`, {
    SDK_SIMULATOR_URL: simulatorUrl,
    SDK_CONCURRENCY: String(settings.maxInFlight),
    SDK_CALLS: String(settings.tasks),
  });
  const exitCode = await child.exited;
  const line = child
    .log()
    .split("\n")
    .find((candidate) => candidate.startsWith('{"sdkAlone"'));
  if (exitCode !== 0 || !line) throw new Error(`the SDK-alone run failed: ${child.log().slice(-2000)}`);
  return (JSON.parse(line) as { sdkAlone: ConcurrencyRun }).sdkAlone;
}

async function readHeapMegabytes(router: Parameters<typeof readGauges>[0]): Promise<{ used: number; total: number }> {
  const gauges = await readGauges(router, ["nodejs_heap_size_used_bytes", "nodejs_heap_size_total_bytes"]);
  const mebibytes = (bytes: number | undefined) => (bytes ?? Number.NaN) / (1024 * 1024);
  return { used: mebibytes(gauges.nodejs_heap_size_used_bytes), total: mebibytes(gauges.nodejs_heap_size_total_bytes) };
}
