// `node bench/dist/profile-router-in-process.js [tasks] [in-flight] [latency-ms]`: the router's own
// work per task, without Kafka, HTTP or the SDK. The router's handler and consumer loop run over the
// in-memory transport (the embedded mode's), against a provider that answers each call after the
// given latency with a fixed answer. Prints the CPU time per task from the router's start to its last
// result; add `--cpu-prof` (node's flag, before the script) to see where it goes. Not a benchmark row:
// a profiling aid, since the benchmarks' figures include the broker, HTTP and the SDK.
import { performance } from "node:perf_hooks";
import { createInMemoryTransport } from "@switchyard/kafka";
import { DEFAULT_RETRY_POLICY, type ModelProvider, type ModelResponse } from "@switchyard/llm";
import { createLogger, createMetricsRegistry } from "@switchyard/platform";
import { loadRoutingConfig } from "@switchyard/routing";
import { startRouter } from "@switchyard/router";
import { topicNames } from "@switchyard/test-support";
import { buildBenchTasks } from "./support/bench-tasks";

const [tasks = 20_000, maxInFlight = 1_000, latencyMs = 500] = process.argv.slice(2).map(Number);
const PUBLISH_CHUNK = 500;

const answer = (): ModelResponse => ({
  text: '{"relevant":true,"score":0.82}',
  usage: { inputTokens: 40, outputTokens: 12, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
  model: "claude-haiku-4-5",
  stopReason: "end_turn",
  requestId: "req_profile",
  rateLimit: null,
});

const provider: ModelProvider = {
  complete: () => new Promise((resolve) => setTimeout(() => resolve(answer()), latencyMs)),
};

async function main(): Promise<void> {
  const transport = createInMemoryTransport({ defaultPartitions: 6 });
  const topics = topicNames("profile");
  // The production default level: each task's "task routed" line is built and written (to stdout).
  const logger = createLogger({ name: "router", level: process.env.LOG_LEVEL ?? "info" });
  const registry = createMetricsRegistry("router");
  let results = 0;
  const watcher = await transport.subscribe({
    topics: [topics.results],
    fromBeginning: true,
    onMessage: async () => {
      results += 1;
    },
  });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const router = await startRouter({
    transport,
    provider,
    routing: loadRoutingConfig(undefined),
    topics,
    groupId: "profile-router",
    maxInFlight,
    maxTaskBytes: 1024 * 1024,
    retryPolicy: DEFAULT_RETRY_POLICY,
    logger,
    registry,
  });
  const messages = buildBenchTasks("profile", tasks);
  for (let start = 0; start < messages.length; start += PUBLISH_CHUNK) {
    await transport.publish(messages.slice(start, start + PUBLISH_CHUNK).map((message) => ({ topic: topics.tasks, ...message })));
  }
  while (results < tasks) await new Promise((resolve) => setTimeout(resolve, 20));
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedMs = performance.now() - started;
  await router.stop();
  await watcher.stop();
  await registry.metrics();
  const cpuMicrosecondsPerTask = (cpu.user + cpu.system) / tasks;
  process.stderr.write(
    `${tasks} tasks, ${maxInFlight} in flight, ${latencyMs} ms per call: ${Math.round(elapsedMs)} ms ` +
      `(at least ${Math.round((tasks / maxInFlight) * latencyMs)} ms), ${cpuMicrosecondsPerTask.toFixed(0)} µs of CPU per task\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`profile: ${String(error)}\n`);
  process.exit(1);
});
