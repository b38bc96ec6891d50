import type { Command } from "../command-line/command";
import { CLICKHOUSE_CONNECTION_OPTIONS } from "../command-line/connection-flags";

export const DEFAULT_DASHBOARD_PORT = 4180;

export const dashboardCommand: Command = {
  name: "dashboard",
  summary: "serve a cost dashboard (spend, tier mix, savings, shadow evidence, top spenders, budgets, policy history, alerts) over the shipped reports",
  usage: "switchyard dashboard [--data-dir DIR] [--port P] [--host H] [--token T]",
  details: [
    "Serves a web page and its JSON API (GET /api/dashboard?from=ISO&to=ISO&taskType=&tenant=&feature=) over the shipped " +
      "reports, on the ClickHouse server of the environment or on a demo's chDB data folder with --data-dir. Every query is read-only.",
    "Listens on 127.0.0.1 unless --host says otherwise; any other host needs a token (--token, or SWITCHYARD_DASHBOARD_TOKEN, " +
      "16 characters or more), checked on every request: open the page once as http://HOST:PORT/?token=T.",
  ],
  options: {
    "data-dir": { type: "string", valueName: "DIR", description: "show a demo's chDB data folder instead of the server" },
    port: { type: "string", valueName: "P", description: `port to listen on (default ${DEFAULT_DASHBOARD_PORT}; 0 picks a free one)` },
    host: { type: "string", valueName: "H", description: "address to listen on (default 127.0.0.1; any other needs a token)" },
    token: { type: "string", valueName: "T", description: "the token every request must carry (default SWITCHYARD_DASHBOARD_TOKEN)" },
    ...CLICKHOUSE_CONNECTION_OPTIONS,
  },
  positionals: { minimum: 0, maximum: 0, names: "" },
  examples: [
    "switchyard dashboard --data-dir .data/demo-20261128-010203",
    "SWITCHYARD_DASHBOARD_TOKEN=$(openssl rand -hex 16) switchyard dashboard --host 0.0.0.0",
  ],
  // The command's dependencies load only when it runs, so that --help stays fast.
  run: async (invocation) => (await import("./run-dashboard-command.js")).runDashboardCommand(invocation),
};
