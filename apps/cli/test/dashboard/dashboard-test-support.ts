import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { runReport, type ClickHouseStore, type ReportRow } from "@switchyard/clickhouse";
import { listBudgets, loadRoutingConfig } from "@switchyard/routing";
import { ROOT } from "@switchyard/test-support";
import type { Page } from "playwright-core";
import { readBudgetStatuses } from "../../src/budgets/read-budget-statuses";
import { budgetRows, buildSpendChart, chooseSpendReport, narrowRows, reportParameters, type SpendChart } from "../../src/dashboard/build-dashboard-data";
import { BUDGET_PANEL, formatCell, TABLE_PANELS } from "../../src/dashboard/dashboard-panels";
import type { DashboardQuery } from "../../src/dashboard/read-dashboard-query";
import { configuredReportParameters } from "../../src/reports/build-report-parameters";
import { CLI_MAIN } from "../run-command-line";

/** Screenshots of every run, kept by CI with the run's other artifacts. */
export const SCREENSHOT_DIRECTORY = join(ROOT, ".run", "artifacts", "dashboard");

/** Debian's chromium (CHROMIUM_PATH overrides); undefined when it is not installed. */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((path): path is string => !!path);
  return candidates.find((path) => existsSync(path));
}

/** Skips the browser tests outside CI when chromium is missing; under CI=true the test fails instead. */
export function browserSkipReason(chromium: string | undefined): string | false {
  if (chromium !== undefined || process.env.CI === "true") return false;
  return "chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH): the dashboard's browser tests are skipped outside CI";
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOT_DIRECTORY, { recursive: true });
  return join(SCREENSHOT_DIRECTORY, `${name}.png`);
}

export interface DashboardProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `switchyard dashboard` as its own process and resolves with the URL it prints. */
export function startDashboardProcess(args: readonly string[], environment: Record<string, string> = {}): Promise<DashboardProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, "dashboard", "--port", "0", ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...environment },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`switchyard dashboard printed no URL within 60 s: ${stdout}${stderr}`));
    }, 60_000);
    const stop = () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("close", () => done());
        child.kill("SIGTERM");
      });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const match = /at (http:\/\/\S+\/)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      resolve({ url: match[1]!, child, stop });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`switchyard dashboard exited with ${code}: ${stdout}${stderr}`));
    });
  });
}

/** What each panel should show: the shipped reports run here, on the same store, range and filters. */
export interface ExpectedDashboard {
  totalCost: string;
  totalCalls: string;
  tierCosts: Record<string, string>;
  tables: Record<string, string[][]>;
  rows: Record<string, ReportRow[]>;
}

/** The spend panel's figures: cost-by-day (tenant-cost-by-day with a tenant or feature) over the range, narrowed by task type. */
export async function computeExpectedSpend(store: ClickHouseStore, query: DashboardQuery): Promise<SpendChart> {
  const spendReport = chooseSpendReport(query);
  const costByDay = await runReport(store, spendReport.name, { ...spendReport.parameters, from: query.from, to: query.to });
  return buildSpendChart(query.taskType === undefined ? costByDay.rows : costByDay.rows.filter((row) => row.task_type === query.taskType), [], []);
}

/** The reports run here with the dashboard's routing config (SWITCHYARD_CONFIG of its process; undefined: the defaults). */
export async function computeExpectedDashboard(store: ClickHouseStore, query: PageQuery, routingConfigPath?: string): Promise<ExpectedDashboard> {
  const period = { from: query.from, to: query.to };
  const routing = loadRoutingConfig(routingConfigPath);
  const spend = await computeExpectedSpend(store, query);
  const tables: Record<string, string[][]> = {};
  const rows: Record<string, ReportRow[]> = {};
  for (const panel of TABLE_PANELS) {
    const extra = reportParameters(panel, { savingsParameters: configuredReportParameters("savings", routing) });
    const result = await runReport(store, panel.report, { ...extra, ...(panel.period ? query.periods[panel.id] : period) });
    rows[panel.id] = narrowRows(panel, result.rows, query);
    tables[panel.id] = rows[panel.id]!.slice(0, 200).map((row) => panel.columns.map((column) => formatCell(row, column)));
  }
  // Budgets: at the moment the page's load read them (the panel's end), today and this month.
  const budgetsAt = query.periods[BUDGET_PANEL.id]!.to.getTime();
  rows[BUDGET_PANEL.id] = budgetRows(await readBudgetStatuses(store, listBudgets(routing.budgets), budgetsAt), query);
  tables[BUDGET_PANEL.id] = rows[BUDGET_PANEL.id]!.map((row) => BUDGET_PANEL.columns.map((column) => formatCell(row, column)));
  return {
    totalCost: spend.totals.cost,
    totalCalls: spend.totals.calls,
    tierCosts: Object.fromEntries(spend.tiers.map((tier) => [tier.tier, tier.cost])),
    tables,
    rows,
  };
}

/** Waits for the page's next render after `action` (a load or an Apply). */
export async function waitForRender(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForResponse((response) => response.url().includes("/api/dashboard"), { timeout: 120_000 }), action()]);
  await page.waitForSelector("body[data-state=ready], body[data-state=error]", { timeout: 120_000 });
}

/** The page's query, and the period of each panel whose report does not run over the page's range. */
export interface PageQuery extends DashboardQuery {
  periods: Record<string, { from: Date; to: Date }>;
}

/** The range the page asked for, as the API echoed it, each panel's own period as shown, and the filters given. */
export async function readPageQuery(page: Page, filters: Partial<Pick<DashboardQuery, "taskType" | "tenant" | "feature">> = {}): Promise<PageQuery> {
  const from = await page.getAttribute("body", "data-from");
  const to = await page.getAttribute("body", "data-to");
  assert.ok(from && to, "the page shows its range");
  const periods: PageQuery["periods"] = {};
  for (const panel of [...TABLE_PANELS.filter((each) => each.period), BUDGET_PANEL]) {
    const section = page.locator(`[data-panel="${panel.id}"]`);
    const [panelFrom, panelTo] = [await section.getAttribute("data-from"), await section.getAttribute("data-to")];
    assert.ok(panelFrom && panelTo, `panel ${panel.id} shows its period`);
    periods[panel.id] = { from: new Date(panelFrom), to: new Date(panelTo) };
  }
  return { from: new Date(from), to: new Date(to), taskType: filters.taskType, tenant: filters.tenant, feature: filters.feature, periods };
}

/** Every panel shows the figures the reports return. */
export async function assertPanelsMatch(page: Page, expected: ExpectedDashboard): Promise<void> {
  assert.equal(await page.locator('[data-figure="total-cost"]').textContent(), expected.totalCost);
  assert.equal(await page.locator('[data-figure="total-calls"]').textContent(), expected.totalCalls);
  for (const [tier, cost] of Object.entries(expected.tierCosts)) {
    assert.equal(await page.locator(`[data-tier="${tier}"] [data-figure="tier-cost"]`).textContent(), cost, `spend on ${tier}`);
  }
  for (const [id, rows] of Object.entries(expected.tables)) {
    const shown = await page.$$eval(`[data-panel="${id}"] tbody tr`, (trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")),
    );
    assert.deepEqual(shown, rows, `panel ${id}`);
  }
}
