import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { applyMigrations, createServerStore, mapUsageEventToRow, quoteIdentifier } from "@switchyard/clickhouse";
import { buildUsageEvents } from "@switchyard/test-support";
import { createLogger } from "@switchyard/platform";
import { runCommandLine } from "./run-command-line";

// `switchyard budgets` against the real ClickHouse server.
const url = process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123";
const database = `switchyard_cli_budgets_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
const store = createServerStore({ url, database, logger: createLogger({ name: "cli-test", level: "silent" }) });
const directory = mkdtempSync(join(tmpdir(), "switchyard-budgets-"));
const configPath = join(directory, "routing.json");

const SPEND = [
  { costUsd: 4, tenant: "acme" },
  { costUsd: 1, tenant: "acme" },
  { costUsd: 0.5, tenant: "globex" },
];

before(async () => {
  await applyMigrations(store, { logger: createLogger({ name: "cli-test", level: "silent" }) });
  await store.insert(
    "llm_usage",
    buildUsageEvents(
      SPEND.length,
      (index) => ({ costUsd: SPEND[index]?.costUsd ?? 0, metadata: { tenant: SPEND[index]?.tenant ?? "", feature: "search" } }),
      // Now: the spend of the current UTC day and month.
      Date.now(),
    ).map((event) => mapUsageEventToRow(event, new Date())),
  );
  writeFileSync(
    configPath,
    JSON.stringify({
      budgets: {
        rules: [
          { tenant: "acme", limits: { day: 5, month: 100 }, action: "defer" },
          { tenant: "globex", limits: { day: 0.6 }, alertAt: [0.8] },
        ],
      },
    }),
  );
});
after(async () => {
  await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
  await store.close();
  rmSync(directory, { recursive: true, force: true });
});

test("budgets: limits, spend, remaining and state per budget and period (>=: at the limit is exceeded)", async () => {
  const outcome = await runCommandLine(["budgets", "--config", configPath, "--format", "json"], {
    environment: { CLICKHOUSE_URL: url, CLICKHOUSE_DATABASE: database },
  });
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  const rows = (JSON.parse(outcome.stdout) as { rows: Array<Record<string, unknown>> }).rows;
  const byKey = new Map(rows.map((row) => [`${String(row.budget)} ${String(row.period).split(" ")[0]}`, row]));
  assert.deepEqual(
    [...byKey.entries()].map(([key, row]) => [key, row.limit_usd, row.spent_usd, row.remaining_usd, row.state, row.action]),
    [
      ["tenant=acme day", 5, 5, 0, "exceeded", "defer"],
      ["tenant=acme month", 100, 5, 95, "ok", "defer"],
      ["tenant=globex day", 0.6, 0.5, 0.1, "alerting", "reject"],
    ],
  );
  const table = await runCommandLine(["budgets", "--config", configPath], { environment: { CLICKHOUSE_URL: url, CLICKHOUSE_DATABASE: database } });
  assert.match(table.stdout, /tenant=acme\s+day \d{4}-\d{2}-\d{2}\s+5\s+5\s+0\s+100\.0%\s+exceeded\s+defer/);
});

test("budgets: a bad budget in the routing config is one line and exit 2", async () => {
  const bad = join(directory, "bad.json");
  writeFileSync(bad, JSON.stringify({ budgets: { rules: [{ tenant: "acme", limits: { day: -1 } }] } }));
  const outcome = await runCommandLine(["budgets", "--config", bad]);
  assert.equal(outcome.exitCode, 2);
  assert.equal(outcome.stderr.trim().split("\n").length, 1);
  assert.match(outcome.stderr, /budgets\.rules\.0\.limits\.day: expected a limit of at least 0 USD/);
});
