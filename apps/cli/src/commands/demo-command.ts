import { join } from "node:path";
import { loadCliConfig } from "../cli-config";
import type { Command } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readChoice, readFlag, readInteger, readNumber, readString } from "../command-line/read-options";
import { displayPath, resolveUserPath } from "../command-line/resolve-paths";
import { buildNextSteps } from "../demo/build-next-steps";
import { createProgressReporter } from "../demo/create-progress-reporter";
import { prepareDemoFolder } from "../demo/prepare-demo-folder";
import { renderDemoResult } from "../demo/render-demo-result";
import { runDemo } from "../demo/run-demo";

const DEFAULT_TASKS = 2_000;
const DEFAULT_LATENCY_SCALE = 0.05;

export const demoCommand: Command = {
  name: "demo",
  summary: "run the whole pipeline in this process on a generated workload and print the article's results table",
  usage: "switchyard demo [--tasks N] [--data-dir DIR [--clean]] [--format text|json|jsonl]",
  details: [
    "Router, shadow and metrics sink run in one process on an in-memory transport with Kafka's delivery semantics, " +
      "storing every model call in chDB (embedded ClickHouse) in a data folder; the model simulator answers on a local " +
      "port through the Anthropic SDK. No Kafka, ClickHouse server or API key is needed.",
    "The workload is the article's mix: ~70% of requests fast (keyword relevance, data extraction), ~25% standard " +
      "(campaign summaries), ~5% powerful (account strategy). Tiers map to the article's 2024 models, so the savings " +
      "table compares with the article's figures.",
    "Each run gets a data folder of its own: a --data-dir that already holds data is refused (the reports would count " +
      "both runs), unless --clean is given, which empties a folder that an earlier demo made (and no other).",
  ],
  options: {
    tasks: { type: "string", valueName: "N", description: `tasks to generate (default ${DEFAULT_TASKS.toLocaleString("en-US")})` },
    "data-dir": { type: "string", valueName: "DIR", description: "the chDB data folder, new or empty (default .data/demo-<time>)" },
    clean: { type: "boolean", description: "empty the --data-dir of an earlier demo before running" },
    format: { type: "string", short: "f", valueName: "text|json|jsonl", description: "text (default), one JSON document, or the same on one line" },
    json: { type: "boolean", description: "the same as --format json" },
    "shadow-rate": { type: "string", valueName: "0..1", description: "share of standard and powerful tasks re-run on the cheaper tier (default: enough for ~250 samples)" },
    "latency-scale": { type: "string", valueName: "X", description: `multiplies the simulated models' latency (default ${DEFAULT_LATENCY_SCALE}; 1 is real-time)` },
    timeout: { type: "string", valueName: "SECONDS", description: "give up when the run takes longer (default 900)" },
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["npm start", "npm start -- --json", "npx switchyard demo --tasks 500 --data-dir .data/small"],
  async run({ values, io }) {
    const config = loadCliConfig(io.environment);
    const tasks = readInteger(values, "tasks", DEFAULT_TASKS, 1, 1_000_000);
    const shadowRate = readNumber(values, "shadow-rate", 0, 1);
    const latencyScale = readNumber(values, "latency-scale", 0, 100) ?? DEFAULT_LATENCY_SCALE;
    const timeoutMs = readInteger(values, "timeout", 900, 1, 86_400) * 1_000;
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
    return 0;
  },
};

/** 20261128-010203: sortable, and safe in a folder name. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}
