import type { Subscription } from "@switchyard/kafka";
import type { Logger } from "@switchyard/platform";
import { withTransportTimeout } from "../connections/with-transport-timeout";
import { startEmbeddedPipeline } from "../embedded/start-embedded-pipeline";
import { buildDemoReport, type DemoReport } from "./build-demo-report";
import {
  ARTICLE_MODELS,
  buildDemoRoutingConfig,
  buildDemoSimulatorConfig,
  chooseDemoShadowRate,
  DEFAULT_SHADOW_RATE,
  DEMO_AGREEMENT,
} from "./demo-configuration";
import { generateDemoTasks } from "./generate-demo-tasks";

export interface DemoProgress {
  phase: "routing" | "finishing" | "reporting";
  total: number;
  /** Tasks with a result. */
  done: number;
  failed: number;
  routedCostUsd: number;
  evaluationCostUsd: number;
  shadowComparisons: number;
  elapsedMs: number;
}

export interface RunDemoOptions {
  tasks: number;
  dataDirectory: string;
  /** Default: chosen from the task count (see chooseDemoShadowRate). */
  shadowRate?: number;
  /** Multiplies the simulated models' latency. */
  latencyScale: number;
  logger: Logger;
  onProgress?: (progress: DemoProgress) => void;
  progressIntervalMs?: number;
  /** Gives up when the pipeline has not finished by then. */
  timeoutMs?: number;
}

export interface DemoResult {
  tasks: number;
  durationMs: number;
  dataDirectory: string;
  models: typeof ARTICLE_MODELS;
  shadowRate: number;
  defaultShadowRate: number;
  simulator: { url: string; latencyScale: number; agreement: typeof DEMO_AGREEMENT };
  results: { ok: number; error: number };
  deadLetters: number;
  report: DemoReport;
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/**
 * The demo: generates the workload, runs it through the embedded pipeline
 * until every task is answered, judged and stored, then reads the reports
 * back from the data folder.
 */
export async function runDemo(options: RunDemoOptions): Promise<DemoResult> {
  const shadowRate = options.shadowRate ?? chooseDemoShadowRate(options.tasks);
  const routing = buildDemoRoutingConfig(shadowRate);
  const embedded = await startEmbeddedPipeline({
    dataDirectory: options.dataDirectory,
    routing,
    simulator: buildDemoSimulatorConfig(options.latencyScale),
    logger: options.logger,
  });
  const startedAt = Date.now();
  const progress: DemoProgress = { phase: "routing", total: options.tasks, done: 0, failed: 0, routedCostUsd: 0, evaluationCostUsd: 0, shadowComparisons: 0, elapsedMs: 0 };
  const report = () => options.onProgress?.({ ...progress, elapsedMs: Date.now() - startedAt });
  const timer = setInterval(report, options.progressIntervalMs ?? 250);
  const subscriptions: Subscription[] = [];
  try {
    const answered = new Set<string>();
    let allAnswered: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      allAnswered = resolve;
    });
    subscriptions.push(
      await embedded.transport.subscribe({
        topics: [embedded.topics.results, embedded.topics.usage, embedded.topics.shadow],
        fromBeginning: true,
        onMessage(message) {
          const event = JSON.parse(message.value?.toString("utf8") ?? "null") as Record<string, unknown> | null;
          if (!event) return;
          if (message.topic === embedded.topics.shadow) progress.shadowComparisons += 1;
          else if (message.topic === embedded.topics.usage) countUsage(progress, event);
          else if (!answered.has(String(event.taskId))) {
            answered.add(String(event.taskId));
            progress.done = answered.size;
            if (event.status !== "ok") progress.failed += 1;
            if (answered.size >= options.tasks) allAnswered();
          }
        },
      }),
    );
    const tasks = generateDemoTasks({ tasks: options.tasks, runId: `demo-${startedAt.toString(36)}`, createdAt: new Date(startedAt) });
    await embedded.submit(tasks);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    await withTransportTimeout(finished, timeoutMs, "waiting for the demo's results");
    progress.phase = "finishing";
    report();
    await embedded.waitUntilIdle({ timeoutMs: Math.max(1_000, timeoutMs - (Date.now() - startedAt)) });
    const deadLetters = (await embedded.transport.readTopic(embedded.topics.deadLetters)).length;
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
    await embedded.stop();
    const finishedAt = Date.now();
    progress.phase = "reporting";
    report();
    const demoReport = await buildDemoReport(embedded.store, routing, {
      // Minute-wide margins: usage rows carry second-resolution times.
      from: new Date(startedAt - 60_000),
      to: new Date(finishedAt + 60_000),
    });
    return {
      tasks: options.tasks,
      durationMs: finishedAt - startedAt,
      dataDirectory: options.dataDirectory,
      models: ARTICLE_MODELS,
      shadowRate,
      defaultShadowRate: DEFAULT_SHADOW_RATE,
      simulator: { url: embedded.simulator.url, latencyScale: options.latencyScale, agreement: DEMO_AGREEMENT },
      results: { ok: progress.done - progress.failed, error: progress.failed },
      deadLetters,
      report: demoReport,
    };
  } finally {
    clearInterval(timer);
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    await embedded.close();
  }
}

function countUsage(progress: DemoProgress, event: Record<string, unknown>): void {
  const cost = typeof event.costUsd === "number" ? event.costUsd : 0;
  if (event.role === "shadow" || event.role === "judge") progress.evaluationCostUsd += cost;
  else progress.routedCostUsd += cost;
}
