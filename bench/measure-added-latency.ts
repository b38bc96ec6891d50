import { performance } from "node:perf_hooks";
import { BenchKafka } from "./support/bench-kafka";
import { buildBenchTasks } from "./support/bench-tasks";
import { startBenchProcess, startBenchSimulator } from "./support/child-service";
import { percentile, sleep, uniqueSuffix, waitUntil, BROKERS } from "./support/bench-environment";
import { topicNames } from "@switchyard/test-support";
import { routerEnvironment } from "./support/router-environment";
import { summarizeRepeats, type Repeated } from "./support/summarize-repeats";
import { readHistogramMeansMs } from "./support/read-service-metrics";

export interface AddedLatencyResult {
  perSecond: number;
  tasks: number;
  modelLatencyMs: number;
  routerAddedP50Ms: Repeated;
  routerAddedP99Ms: Repeated;
  kafkaRoundTripP50Ms: Repeated;
  kafkaRoundTripP99Ms: Repeated;
  /** Router minus plain round trip, per pair of runs. */
  excessP50Ms: Repeated;
  excessP99Ms: Repeated;
  /**
   * The same round trip with the pipe making each task's model call with the SDK first
   * (model time subtracted likewise), and the router minus it per round: what the router
   * adds over Kafka plus the SDK's own call.
   */
  sdkRoundTripP50Ms: Repeated;
  sdkRoundTripP99Ms: Repeated;
  overSdkRoundTripP50Ms: Repeated;
  overSdkRoundTripP99Ms: Repeated;
  /**
   * Where the router's time goes, from its own metrics (means over each run):
   * a task's time in the consumer loop (decode to acknowledged outputs), the
   * model call within it (the simulator's fixed time, HTTP and the SDK), and
   * the acknowledged publish of its result and usage event. The rest of the
   * end-to-end time is Kafka's: the task's and the result's way through the broker.
   */
  routerHandleMs: Repeated;
  routerModelCallMs: Repeated;
  routerPublishMs: Repeated;
}

const PER_SECOND = 100;
const DURATION_MS = 20_000;
const MODEL_LATENCY_MS = 100;
const WARM_UP_SHARE = 0.1;

/**
 * Benchmark 3: at a fixed load, the time from producing a task to consuming
 * its result, minus the model's time, against a plain Kafka round trip
 * (produce → a plain kafkajs process forwards it → consume) at the same load;
 * `repeats` pairs, the pipe and the router taking turns.
 */
export async function measureAddedLatency(repeats: number): Promise<AddedLatencyResult> {
  const kafka = new BenchKafka();
  const simulator = await startBenchSimulator("added-latency.simulator", { fixedLatencyMs: MODEL_LATENCY_MS, latencyJitter: 0 });
  const tasks = buildBenchTasks("latency", (PER_SECOND * DURATION_MS) / 1000);
  const pipes: Array<{ p50: number; p99: number }> = [];
  const sdkPipes: Array<{ p50: number; p99: number }> = [];
  const routers: Array<{ p50: number; p99: number }> = [];
  const breakdowns: Array<Record<string, number>> = [];
  try {
    for (let round = 0; round < repeats; round += 1) {
      const suffix = uniqueSuffix();
      const topics = topicNames(`bench.latency.${suffix}`);
      const roundTrip = { input: `bench.latency.${suffix}.rt-in`, output: `bench.latency.${suffix}.rt-out` };
      const sdkRoundTrip = { input: `bench.latency.${suffix}.sdk-in`, output: `bench.latency.${suffix}.sdk-out` };
      await kafka.createTopics([...Object.values(topics), ...Object.values(roundTrip), ...Object.values(sdkRoundTrip)], 6);

      pipes.push(await measurePipe(kafka, roundTrip, tasks, null));
      sdkPipes.push(await measurePipe(kafka, sdkRoundTrip, tasks, simulator.url));

      const router = startBenchProcess("router", "added-latency.router", routerEnvironment(topics, simulator.url));
      const routerLatencies = await measureRoundTrips(
        kafka,
        topics.tasks,
        topics.results,
        tasks,
        () => router.log().includes('"msg":"partitions assigned"'),
        MODEL_LATENCY_MS,
      );
      breakdowns.push(
        await readHistogramMeansMs(router, {
          switchyard_consumer_handle_seconds: `topic="${topics.tasks}"`,
          switchyard_consumer_publish_seconds: `topic="${topics.tasks}"`,
          switchyard_model_call_duration_seconds: "",
        }).catch(() => ({})),
      );
      await router.stop();
      routers.push(quantiles(routerLatencies));
    }
    const excess = (key: "p50" | "p99", baselines = pipes) => summarizeRepeats(routers.map((run, index) => run[key] - (baselines[index]?.[key] ?? Number.NaN)));
    return {
      perSecond: PER_SECOND,
      tasks: tasks.length,
      modelLatencyMs: MODEL_LATENCY_MS,
      routerAddedP50Ms: summarizeRepeats(routers.map((run) => run.p50)),
      routerAddedP99Ms: summarizeRepeats(routers.map((run) => run.p99)),
      kafkaRoundTripP50Ms: summarizeRepeats(pipes.map((run) => run.p50)),
      kafkaRoundTripP99Ms: summarizeRepeats(pipes.map((run) => run.p99)),
      excessP50Ms: excess("p50"),
      excessP99Ms: excess("p99"),
      sdkRoundTripP50Ms: summarizeRepeats(sdkPipes.map((run) => run.p50)),
      sdkRoundTripP99Ms: summarizeRepeats(sdkPipes.map((run) => run.p99)),
      overSdkRoundTripP50Ms: excess("p50", sdkPipes),
      overSdkRoundTripP99Ms: excess("p99", sdkPipes),
      routerHandleMs: summarizeRepeats(breakdowns.map((means) => means.switchyard_consumer_handle_seconds ?? Number.NaN)),
      routerModelCallMs: summarizeRepeats(breakdowns.map((means) => means.switchyard_model_call_duration_seconds ?? Number.NaN)),
      routerPublishMs: summarizeRepeats(breakdowns.map((means) => means.switchyard_consumer_publish_seconds ?? Number.NaN)),
    };
  } finally {
    await simulator.stop();
    await kafka.close();
  }
}

/** One plain round trip through a forwarding process; with a simulator URL, the process makes each task's model call first. */
async function measurePipe(
  kafka: BenchKafka,
  topics: { input: string; output: string },
  tasks: ReadonlyArray<{ key: string; value: string }>,
  simulatorUrl: string | null,
): Promise<{ p50: number; p99: number }> {
  const pipe = startBenchProcess("forwardPipe", simulatorUrl ? "added-latency.sdk-pipe" : "added-latency.pipe", {
    KAFKA_BROKERS: BROKERS.join(","),
    PIPE_INPUT: topics.input,
    PIPE_OUTPUT: topics.output,
    PIPE_GROUP: `${topics.input}.pipe`,
    ...(simulatorUrl ? { PIPE_SIMULATOR_URL: simulatorUrl } : {}),
  });
  try {
    const subtractMs = simulatorUrl ? MODEL_LATENCY_MS : 0;
    return quantiles(await measureRoundTrips(kafka, topics.input, topics.output, tasks, () => pipe.log().includes("pipe started"), subtractMs));
  } finally {
    await pipe.stop();
  }
}

function quantiles(sorted: readonly number[]): { p50: number; p99: number } {
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/** Sends one message every 1/PER_SECOND s; returns each one's produce-to-consume time minus `subtractMs`, sorted, warm-up dropped. */
async function measureRoundTrips(
  kafka: BenchKafka,
  input: string,
  output: string,
  messages: ReadonlyArray<{ key: string; value: string }>,
  isReady: () => boolean,
  subtractMs: number,
): Promise<number[]> {
  await waitUntil(isReady, `${output}: the consumer is ready`, 60_000);
  // The first join of a group takes a moment after "ready" is logged.
  await sleep(2_000);
  const sentAt = new Map<string, number>();
  const latencies: Array<{ index: number; ms: number }> = [];
  const indexOf = new Map(messages.map((message, index) => [message.key, index]));
  const stopWatching = await kafka.watch(output, (key, _value, arrivedAt) => {
    const sent = sentAt.get(key);
    if (sent === undefined) return;
    sentAt.delete(key);
    latencies.push({ index: indexOf.get(key) ?? 0, ms: arrivedAt - sent - subtractMs });
  });
  await kafka.connectedProducer();
  const started = performance.now();
  for (const [index, message] of messages.entries()) {
    const due = started + (index * 1000) / PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    sentAt.set(message.key, performance.now());
    void kafka.send(input, [message]);
  }
  await waitUntil(() => latencies.length >= messages.length, `${messages.length} round trips through ${output}`, 120_000);
  await stopWatching();
  const warmUp = Math.floor(messages.length * WARM_UP_SHARE);
  return latencies
    .filter((latency) => latency.index >= warmUp)
    .map((latency) => latency.ms)
    .sort((left, right) => left - right);
}
