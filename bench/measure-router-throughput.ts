import Anthropic from "@anthropic-ai/sdk";
import { performance } from "node:perf_hooks";
import { BenchKafka, steadyRate } from "./support/bench-kafka";
import { buildBenchTasks, buildPipeOutputs } from "./support/bench-tasks";
import { startBenchProcess, startBenchSimulator } from "./support/child-service";
import { measureSdkClosedLoop } from "./support/measure-sdk-closed-loop";
import { uniqueSuffix, waitUntil } from "./support/bench-environment";
import { topicNames } from "@switchyard/test-support";
import { routerEnvironment } from "./support/router-environment";

export interface RouterThroughputResult {
  tasks: number;
  partitions: number;
  maxInFlight: number;
  routerPerSecond: number;
  plainPipePerSecond: number;
  sdkOnlyPerSecond: number;
  pipeWithSdkPerSecond: number;
  ratioToPlainPipe: number;
  ratioToPipeWithSdk: number;
}

const TASKS = 20_000;
const PARTITIONS = 6;
const MAX_IN_FLIGHT = 256;
const SDK_CALLS = 10_000;
const PIPE_SEND_TASKS = 250;

/**
 * Benchmark 1: the router with an instant simulator against a plain kafkajs
 * consume-and-produce pipe over the same tasks topic, in the same run; plus
 * the two figures that show what bounds the router: the SDK against the
 * simulator alone, and the plain pipe that also makes the SDK call.
 */
export async function measureRouterThroughput(): Promise<RouterThroughputResult> {
  const kafka = new BenchKafka();
  const simulator = await startBenchSimulator("throughput.simulator", { latencyScale: 0 });
  try {
    const topics = topicNames(`bench.throughput.${uniqueSuffix()}`);
    const pipeOutput = `${topics.tasks}.pipe-out`;
    await kafka.createTopics([...Object.values(topics), pipeOutput], PARTITIONS);
    await kafka.fill(topics.tasks, buildBenchTasks("throughput", TASKS));

    const plainPipePerSecond = await runPipe(kafka, topics.tasks, pipeOutput, null);
    const sdkOnlyPerSecond = await measureSdkClosedLoop(simulator.url, { concurrency: MAX_IN_FLIGHT, calls: SDK_CALLS });
    const pipeWithSdkPerSecond = await runPipe(kafka, topics.tasks, pipeOutput, simulator.url);

    const arrivals: number[] = [];
    const stopWatching = await kafka.watch(topics.results, (_key, _value, arrivedAt) => arrivals.push(arrivedAt));
    const router = startBenchProcess("router", "throughput.router", routerEnvironment(topics, simulator.url, { ROUTER_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) }));
    try {
      await waitUntil(
        () => {
          if (!router.running) throw new Error(`the router exited: ${router.log().slice(-2000)}`);
          return arrivals.length >= TASKS;
        },
        `${TASKS} results`,
        300_000,
      );
    } finally {
      await router.stop();
      await stopWatching();
    }
    const routerPerSecond = steadyRate(arrivals).perSecond;
    return {
      tasks: TASKS,
      partitions: PARTITIONS,
      maxInFlight: MAX_IN_FLIGHT,
      routerPerSecond,
      plainPipePerSecond,
      sdkOnlyPerSecond,
      pipeWithSdkPerSecond,
      ratioToPlainPipe: routerPerSecond / plainPipePerSecond,
      ratioToPipeWithSdk: routerPerSecond / pipeWithSdkPerSecond,
    };
  } finally {
    await simulator.stop();
    await kafka.close();
  }
}

/**
 * A plain kafkajs consume-and-produce pipe: each batch's outputs (a usage
 * event and a result per task, like the router's) in one acknowledged send,
 * then the offsets committed. With a simulator URL, each task also makes the
 * SDK call first, at most MAX_IN_FLIGHT at once.
 */
async function runPipe(kafka: BenchKafka, input: string, output: string, simulatorUrl: string | null): Promise<number> {
  const producer = await kafka.connectedProducer();
  const client = simulatorUrl ? new Anthropic({ apiKey: "bench", baseURL: simulatorUrl, maxRetries: 0 }) : null;
  const slots = new Semaphore(MAX_IN_FLIGHT);
  const acked: number[] = [];
  let firstBatchAt = Number.NaN;
  const consumer = kafka.consumer(`bench-pipe-${uniqueSuffix()}`);
  await consumer.connect();
  await consumer.subscribe({ topics: [input], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: PARTITIONS,
    eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
      if (Number.isNaN(firstBatchAt)) firstBatchAt = performance.now();
      if (client) {
        await Promise.all(
          batch.messages.map(async (message) => {
            await slots.acquire();
            try {
              await callModel(client, message.value?.toString("utf8") ?? "");
            } finally {
              slots.release();
            }
          }),
        );
      }
      // Sends of at most PIPE_SEND_TASKS tasks' outputs: a request must stay under the broker's 1 MB limit.
      for (let start = 0; start < batch.messages.length; start += PIPE_SEND_TASKS) {
        const messages = batch.messages.slice(start, start + PIPE_SEND_TASKS).flatMap((message) => buildPipeOutputs(message.key?.toString("utf8") ?? ""));
        await producer.send({ topic: output, acks: -1, messages });
      }
      const now = performance.now();
      for (const message of batch.messages) {
        acked.push(now);
        resolveOffset(message.offset);
      }
      await commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: (BigInt(batch.lastOffset()) + 1n).toString() }] }],
      });
      await heartbeat();
    },
  });
  await waitUntil(() => acked.length >= TASKS, `the pipe moved ${TASKS} tasks`, 300_000);
  await consumer.disconnect();
  // The plain pipe moves whole fetches at once, too coarse for a 10–90% window: tasks over the whole run.
  return (TASKS * 1000) / (Math.max(...acked) - firstBatchAt);
}

async function callModel(client: Anthropic, content: string): Promise<void> {
  await client.messages.create({ model: "claude-haiku-4-5", max_tokens: 32, messages: [{ role: "user", content }] });
}

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
