import { join } from "node:path";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readChoice, readFlag, readInteger, readNumber, readString } from "../command-line/read-options";
import { displayPath, resolveUserPath } from "../command-line/resolve-paths";
import { buildNextSteps } from "../demo/build-next-steps";
import { createProgressReporter } from "../demo/create-progress-reporter";
import { prepareDemoFolder } from "../demo/prepare-demo-folder";
import { renderDemoResult } from "../demo/render-demo-result";
import { runDemo } from "../demo/run-demo";
import { DEFAULT_DASHBOARD_PORT } from "./dashboard-command";
import { DEFAULT_TASKS, DEFAULT_LATENCY_SCALE } from "./demo-command";

export async function runDemoCommand({ values, io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const tasks = readInteger(values, "tasks", DEFAULT_TASKS, 1, 1_000_000);
  const shadowRate = readNumber(values, "shadow-rate", 0, 1);
  const latencyScale = readNumber(values, "latency-scale", 0, 100) ?? DEFAULT_LATENCY_SCALE;
  const timeoutMs = readInteger(values, "timeout", 900, 1, 86_400) * 1_000;
  const dashboardPort = readInteger(values, "port", DEFAULT_DASHBOARD_PORT, 0, 65_535);
  const dataDirectory = resolveUserPath(io.workingDirectory, readString(values, "data-dir") ?? join(".data", `demo-${timestamp(new Date())}`));
  const shownDirectory = displayPath(io.workingDirectory, dataDirectory);
  const format = readChoice(values, "format", ["text", "json", "jsonl"] as const, readFlag(values, "json") ? "json" : "text");
  prepareDemoFolder(dataDirectory, shownDirectory, readFlag(values, "clean"));
  const logger = createCliLogger(config, io);
  io.stderr.write(`switchyard demo: ${tasks.toLocaleString("en-US")} tasks, data folder ${shownDirectory}\n`);
  const progress = createProgressReporter(io.stderr);
  let result;
  try {
    result = await runDemo({
      tasks,
      dataDirectory,
      latencyScale,
      logger,
      timeoutMs,
      ...(shadowRate === undefined ? {} : { shadowRate }),
      onProgress: (update) => progress.update(update),
    });
  } finally {
    progress.finish();
  }
  const nextSteps = buildNextSteps(shownDirectory);
  const document = { ...result, dataDirectory: shownDirectory, next: nextSteps };
  if (format === "json") io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  else if (format === "jsonl") io.stdout.write(`${JSON.stringify(document)}\n`);
  else io.stdout.write(`\n${renderDemoResult(result, shownDirectory, nextSteps)}`);
  if (!readFlag(values, "dashboard")) return 0;
  const { serveDashboard } = await import("../dashboard/serve-dashboard.js");
  return serveDashboard({
    config,
    logger,
    io,
    dataDirectory,
    shownDirectory,
    host: "127.0.0.1",
    port: dashboardPort,
    token: undefined,
    // JSON output stays one document (one line for jsonl): the URL goes to stderr then.
    announceTo: format === "text" ? io.stdout : io.stderr,
  });
}

/** 20261128-010203: sortable, and safe in a folder name. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}
