import type { Command } from "../command-line/command";
import { CLICKHOUSE_CONNECTION_OPTIONS } from "../command-line/connection-flags";
import { DATA_DIR_OPTION, FORMAT_OPTION } from "../command-line/table-options";

export const reportCommand: Command = {
  name: "report",
  summary: "run one of the shipped SQL reports (cost-by-day, tier-mix, cost-anomalies, cost-per-call-drift, savings, top-spenders, shadow)",
  usage: "switchyard report <name> [--from ISO] [--to ISO] [--param name=value] [--format table|json|jsonl|csv] [--data-dir DIR]",
  details: [
    "Runs against the ClickHouse server of the environment (CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, " +
      "CLICKHOUSE_DATABASE), or against a demo's chDB data folder with --data-dir. Without a name, lists the reports " +
      "with their parameters.",
    "The savings report takes its prices from the pricing catalog and its baseline models from the routing config " +
      "(SWITCHYARD_CONFIG), as the router does.",
  ],
  options: {
    from: { type: "string", valueName: "ISO", description: "start of the period (default: the report's own, e.g. 30 days for savings)" },
    to: { type: "string", valueName: "ISO", description: "end of the period, exclusive (default now)" },
    param: { type: "string", short: "p", multiple: true, valueName: "name=value", description: "a report parameter, e.g. k=2 or minSamples=50" },
    format: FORMAT_OPTION,
    "data-dir": DATA_DIR_OPTION,
    ...CLICKHOUSE_CONNECTION_OPTIONS,
    sql: { type: "boolean", description: "print the SQL the report would run, and do not run it" },
  },
  positionals: { minimum: 0, maximum: 1, names: "a report name" },
  examples: [
    "switchyard report",
    "switchyard report savings --data-dir .data/demo-20261128-010203",
    "switchyard report cost-anomalies --from 2026-11-01T00:00:00Z --param k=2 --format csv",
    "switchyard report shadow --param minSamples=50 --format json",
  ],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-report-command.js")).runReportCommand(invocation),
};
