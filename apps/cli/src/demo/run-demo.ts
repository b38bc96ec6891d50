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
import { runPolicyLoop, type PolicyLoopReport } from "./run-policy-loop";

export interface DemoProgress {
  phase: "routing" | "finishing" | "loop" | "reporting";
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
  /** The policy loop after the rules-only phase: controller moves, guard, tables on today's lineup. */
  loop: PolicyLoopReport;
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
  const progress: DemoProgress = {
    phase: "routing",
    total: options.tasks,
    done: 0,
    failed: 0,
    routedCostUsd: 0,
    evaluationCostUsd: 0,
    shadowComparisons: 0,
    elapsedMs: 0,
  };
  const report = () => options.onProgress?.({ ...progress, elapsedMs: Date.now() - startedAt });
  const timer = setInterval(report, options.progressIntervalMs ?? 250);
  const subscriptions: Subscription[] = [];
  try {
    const answered = new Set<string>();
    const answerWaiters = new Set<() => void>();
    const waitForAnswers = (done: () => boolean) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!done()) return;
          answerWaiters.delete(check);
          resolve();
        };
        answerWaiters.add(check);
        check();
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
            for (const check of [...answerWaiters]) check();
          }
        },
      }),
    );
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let expected = 0;
    // Each phase ends on a whole second: usage rows carry second-resolution times, and the reports' windows must not share one.
    const runPhase = async (label: string, count: number, runId: string) => {
      await sleepToNextSecond();
      const from = new Date();
      options.logger.info({ phase: label, tasks: count }, "demo phase");
      expected += count;
      await embedded.submit(generateDemoTasks({ tasks: count, runId, createdAt: from }));
      await withTransportTimeout(
        waitForAnswers(() => answered.size >= expected),
        timeoutMs,
        "waiting for the demo's results",
      );
      await embedded.waitUntilIdle({ timeoutMs: Math.max(1_000, timeoutMs - (Date.now() - startedAt)) });
      await sleepToNextSecond();
      return { from, to: new Date() };
    };
    const runId = `demo-${startedAt.toString(36)}`;
    const phaseOne = await runPhase("phase 1 (the article's rules)", options.tasks, runId);
    progress.phase = "loop";
    report();
    let phaseNumber = 1;
    const loop = await runPolicyLoop({
      embedded,
      routing,
      logger: options.logger,
      phaseOneWindow: phaseOne,
      tasks: options.tasks,
      runPhase: (label, count) => {
        phaseNumber += 1;
        progress.total += count;
        return runPhase(label, count, `${runId}-p${phaseNumber}`);
      },
    });
    progress.phase = "finishing";
    report();
    const deadLetters = (await embedded.transport.readTopic(embedded.topics.deadLetters)).length;
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
    await embedded.stop();
    const finishedAt = Date.now();
    progress.phase = "reporting";
    report();
    // The article's tables are phase 1's: the rules alone, as in the article.
    const demoReport = await buildDemoReport(embedded.store, routing, phaseOne);
    return {
      tasks: progress.total,
      durationMs: finishedAt - startedAt,
      dataDirectory: options.dataDirectory,
      models: ARTICLE_MODELS,
      shadowRate,
      defaultShadowRate: DEFAULT_SHADOW_RATE,
      simulator: { url: embedded.simulator.url, latencyScale: options.latencyScale, agreement: DEMO_AGREEMENT },
      results: { ok: progress.done - progress.failed, error: progress.failed },
      deadLetters,
      report: demoReport,
      loop,
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

function sleepToNextSecond(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_010 - (Date.now() % 1_000)));
}
