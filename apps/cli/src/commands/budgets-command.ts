import type { Command } from "../command-line/command";
import { DATA_DIR_OPTION, FORMAT_OPTION } from "../command-line/table-options";

export const budgetsCommand: Command = {
  name: "budgets",
  summary: "show each budget's limit, spend, remaining and state (ok, alerting, exceeded) for the current UTC day and month",
  usage: "switchyard budgets [--config FILE] [--format table|json|jsonl|csv] [--data-dir DIR]",
  details: [
    "Budgets come from the routing config (SWITCHYARD_CONFIG or --config); spend from what the metrics sink stored " +
      "(every role: routed, shadow and judge calls), so calls in flight and the last second or so of spend are not in it yet. " +
      "A budget is exceeded when its spend is at or above its limit.",
  ],
  options: {
    config: { type: "string", valueName: "FILE", description: "the routing config file (default SWITCHYARD_CONFIG)" },
    format: FORMAT_OPTION,
    "data-dir": DATA_DIR_OPTION,
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["switchyard budgets", "SWITCHYARD_CONFIG=routing.json switchyard budgets --format json"],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-budgets-command.js")).runBudgetsCommand(invocation),
};
