import { listBudgets, loadRoutingConfig } from "@switchyard/routing";
import { formatBudgetUsed, readBudgetStatuses } from "../budgets/read-budget-statuses";
import { loadCliConfig } from "../cli-config";
import type { CommandInvocation } from "../command-line/command";
import { createCliLogger } from "../command-line/create-cli-logger";
import { readString } from "../command-line/read-options";
import { resolveUserPath } from "../command-line/resolve-paths";
import { readOutputFormat } from "../command-line/read-output-format";
import { withCliStore } from "../connections/with-cli-store";
import { formatRows } from "../output/format-rows";

const COLUMNS = ["budget", "period", "limit_usd", "spent_usd", "remaining_usd", "used", "state", "action", "resets_at"] as const;

export async function runBudgetsCommand({ values, io }: CommandInvocation): Promise<number> {
  const config = loadCliConfig(io.environment);
  const format = readOutputFormat(values);
  const configOption = readString(values, "config");
  const routing = loadRoutingConfig(configOption === undefined ? config.routingConfigPath : resolveUserPath(io.workingDirectory, configOption));
  const budgets = listBudgets(routing.budgets);
  if (budgets.length === 0) {
    io.stdout.write(
      format === "json"
        ? `${JSON.stringify({ columns: COLUMNS, rows: [] }, null, 2)}\n`
        : "no budgets in the routing config (add a budgets section; see the README)\n",
    );
    return 0;
  }
  const at = Date.now();
  const found = await withCliStore({ values, io }, config, createCliLogger(config, io), (store) => readBudgetStatuses(store, budgets, at));
  const statuses = found.map((status) => ({
    budget: status.budgetId,
    period: `${status.period} ${status.periodKey}`,
    limit_usd: status.limitUsd,
    spent_usd: round(status.spentUsd),
    remaining_usd: round(status.remainingUsd),
    used: formatBudgetUsed(status),
    state: status.state,
    action: status.action,
    resets_at: status.resetsAt,
  }));
  io.stdout.write(formatRows(format, COLUMNS, statuses));
  return 0;
}

function round(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}
