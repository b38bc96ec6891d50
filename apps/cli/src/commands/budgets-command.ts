import { readSpendByTenant } from "@switchyard/clickhouse";
import { listBudgets, loadRoutingConfig, periodStart, summarizeBudgets } from "@switchyard/routing";
import { loadCliConfig } from "../cli-config";
import type { Command } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readChoice, readString } from "../command-line/read-options";
import { displayPath, resolveUserPath } from "../command-line/resolve-paths";
import { explainStoreError, openStore } from "../connections/open-store";
import { formatRows, OUTPUT_FORMATS } from "../output/format-rows";

const COLUMNS = ["budget", "period", "limit_usd", "spent_usd", "remaining_usd", "used", "state", "action", "resets_at"] as const;

export const budgetsCommand: Command = {
  name: "budgets",
  summary: "show each budget's limit, spend, remaining and state (ok, alerting, exceeded) for the current UTC day and month",
  usage: "switchyard budgets [--config FILE] [--format table|json|csv] [--data-dir DIR]",
  details: [
    "Budgets come from the routing config (SWITCHYARD_CONFIG or --config); spend from what the metrics sink stored " +
      "(every role: routed, shadow and judge calls), so calls in flight and the last second or so of spend are not in it yet. " +
      "A budget is exceeded when its spend is at or above its limit.",
  ],
  options: {
    config: { type: "string", valueName: "FILE", description: "the routing config file (default SWITCHYARD_CONFIG)" },
    format: { type: "string", short: "f", valueName: "table|json|csv", description: "output format (default table)" },
    "data-dir": { type: "string", valueName: "DIR", description: "read a demo's chDB data folder instead of the server" },
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: ["switchyard budgets", "SWITCHYARD_CONFIG=routing.json switchyard budgets --format json"],
  async run({ values, io }) {
    const config = loadCliConfig(io.environment);
    const format = readChoice(values, "format", OUTPUT_FORMATS, "table");
    const configOption = readString(values, "config");
    const routing = loadRoutingConfig(configOption === undefined ? config.routingConfigPath : resolveUserPath(io.workingDirectory, configOption));
    const budgets = listBudgets(routing.budgets);
    if (budgets.length === 0) {
      io.stdout.write(format === "json" ? `${JSON.stringify({ columns: COLUMNS, rows: [] }, null, 2)}\n` : "no budgets in the routing config (add a budgets section; see the README)\n");
      return 0;
    }
    const logger = createCliLogger(config, io);
    const dataDirectoryOption = readString(values, "data-dir");
    const dataDirectory = dataDirectoryOption === undefined ? undefined : resolveUserPath(io.workingDirectory, dataDirectoryOption);
    const { store, target } = openStore(config, logger, dataDirectory, dataDirectory && displayPath(io.workingDirectory, dataDirectory));
    try {
      const at = Date.now();
      const rows = await readSpendByTenant(store, { dayStart: new Date(periodStart("day", at)), monthStart: new Date(periodStart("month", at)) }).catch((error: unknown) => {
        throw explainStoreError(error, target);
      });
      const statuses = summarizeBudgets(budgets, rows, at).map((status) => ({
        budget: status.budgetId,
        period: `${status.period} ${status.periodKey}`,
        limit_usd: status.limitUsd,
        spent_usd: round(status.spentUsd),
        remaining_usd: round(status.remainingUsd),
        used: status.limitUsd > 0 ? `${((status.spentUsd / status.limitUsd) * 100).toFixed(1)}%` : "-",
        state: status.state,
        action: status.action,
        resets_at: status.resetsAt,
      }));
      io.stdout.write(formatRows(format, COLUMNS, statuses));
      return 0;
    } finally {
      await store.close();
    }
  },
};

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
