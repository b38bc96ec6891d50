import type { Command } from "../command-line/command";
import { DEFAULT_DASHBOARD_PORT } from "./dashboard-command";

// Enough for the article's tables and ~250 shadow samples of campaign summaries (every standard and powerful task shadowed).
export const DEFAULT_TASKS = 1_000;
export const DEFAULT_LATENCY_SCALE = 0.05;

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
    tasks: { type: "string", valueName: "N", description: `tasks to generate (default ${formatThousands(DEFAULT_TASKS)})` },
    "data-dir": { type: "string", valueName: "DIR", description: "the chDB data folder, new or empty (default .data/demo-<time>)" },
    clean: { type: "boolean", description: "empty the --data-dir of an earlier demo before running" },
    format: { type: "string", short: "f", valueName: "text|json|jsonl", description: "text (default), one JSON document, or the same on one line" },
    json: { type: "boolean", description: "the same as --format json" },
    "shadow-rate": {
      type: "string",
      valueName: "0..1",
      description: "share of standard and powerful tasks re-run on the cheaper tier (default: enough for ~250 samples)",
    },
    "latency-scale": {
      type: "string",
      valueName: "X",
      description: `multiplies the simulated models' latency (default ${DEFAULT_LATENCY_SCALE}; 1 is real-time)`,
    },
    timeout: { type: "string", valueName: "SECONDS", description: "give up when the run takes longer (default 900)" },
    dashboard: { type: "boolean", description: "then keep serving the data folder's dashboard on 127.0.0.1 (see switchyard dashboard)" },
    port: { type: "string", valueName: "P", description: `with --dashboard: the port (default ${DEFAULT_DASHBOARD_PORT}; 0 picks a free one)` },
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["npm start", "npm start -- --json", "npm start -- --dashboard", "npx switchyard demo --tasks 500 --data-dir .data/small"],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-demo-command.js")).runDemoCommand(invocation),
};

// Not toLocaleString: its first call loads ICU's locale data, about 30 ms of every --help.
function formatThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
