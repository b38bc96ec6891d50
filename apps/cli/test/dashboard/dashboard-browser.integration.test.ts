import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { applyMigrations, createEmbeddedStore, createServerStore, quoteIdentifier, quoteLiteral, type ClickHouseStore } from "@switchyard/clickhouse";
import { CLICKHOUSE_URL, createTestLogger, freePort, ROOT, uniqueDatabaseName } from "@switchyard/test-support";
import { chromium as playwrightChromium, type Browser, type Page } from "playwright-core";
import { EMBEDDED_DATABASE } from "../../src/embedded/start-embedded-pipeline";
import { runCommandLine } from "../run-command-line";
import {
  assertPanelsMatch,
  browserSkipReason,
  computeExpectedDashboard,
  computeExpectedSpend,
  findChromium,
  readPageQuery,
  screenshotPath,
  startDashboardProcess,
  waitForRender,
  type DashboardProcess,
} from "./dashboard-test-support";
import { PROBE_TENANT, SEEDED_BUDGETS, seedDashboardStore } from "./seed-dashboard-store";

const chromiumPath = findChromium();
const skip = browserSkipReason(chromiumPath);
const logger = createTestLogger("dashboard-test");
const TOKEN = "dashboard-test-token-0123456789";
const LAPTOP = { width: 1400, height: 900 };
const PHONE = { width: 390, height: 844 };
// The dashboards run with a routing config that has budgets (SWITCHYARD_CONFIG); the expected figures use it too.
const configFolder = mkdtempSync(join(tmpdir(), "switchyard-dashboard-config-"));
const ROUTING_CONFIG = join(configFolder, "routing.json");
writeFileSync(ROUTING_CONFIG, JSON.stringify({ budgets: SEEDED_BUDGETS }));

/** The page over the last nine days (UTC), so that the seeded eight days are all inside. */
function pagePath(now: Date): string {
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);
  return `?from=${day(-9)}&to=${day(0)}`;
}

async function launchBrowser(): Promise<Browser> {
  assert.ok(chromiumPath, "chromium is not installed (apt-get install -y chromium): CI=true requires the browser test to run");
  // Root in a container has no user namespace for chromium's sandbox.
  return playwrightChromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/** Applies a task-type and tenant filter through the form, as a user would. */
async function applyFilter(page: Page, taskType: string, tenant: string): Promise<void> {
  await page.selectOption('select[name="taskType"]', taskType);
  await page.fill('input[name="tenant"]', tenant);
  await waitForRender(page, () => page.click('#filters button[type="submit"]'));
}

/** Loads, checks every panel against the reports, filters, checks again; screenshots along the way. */
async function checkPanelsAndFilter(page: Page, url: string, store: ClickHouseStore, engine: string, now: Date): Promise<void> {
  await page.setViewportSize(LAPTOP);
  const loadedAt = Date.now();
  await waitForRender(page, () => page.goto(`${url}${pagePath(now)}`));
  assert.equal(await page.getAttribute("body", "data-state"), "ready");
  assert.equal(await page.getAttribute("#status", "data-state"), "ok");
  const query = await readPageQuery(page);
  // The tier mix covers the 24 hours up to now (the next full hour), wherever in the UTC day the test runs.
  const tierMix = query.periods["tier-mix"]!;
  const nextHour = (ms: number) => Math.ceil(ms / 3_600_000) * 3_600_000;
  assert.ok(tierMix.to.getTime() >= nextHour(loadedAt) && tierMix.to.getTime() <= nextHour(Date.now()), `tier-mix ends ${tierMix.to.toISOString()}`);
  assert.equal(tierMix.to.getTime() - tierMix.from.getTime(), 86_400_000);
  const expected = await computeExpectedDashboard(store, query, ROUTING_CONFIG);
  await assertPanelsMatch(page, expected);
  // The seeded history is there (so that the matches above compare rows, not two empty tables).
  assert.deepEqual(
    expected.rows["policy-history"]!.map((row) => [row.policy_version, row.task_type, row.author]),
    [
      [2, "keyword_relevance", "operator:dana"],
      [1, "campaign_summary", "controller"],
    ],
  );
  assert.deepEqual(
    expected.rows.alerts!.map((row) => row.kind),
    ["budget_exceeded", "cost_anomaly"],
  );
  assert.match((await page.textContent('[data-panel="policy-history"] tbody')) ?? "", /shadow pairs 120, 95% 83\.2% – 94\.2%/);
  assert.equal(expected.rows.budgets!.length, 3, "initech's day, acme's day and month");
  assert.match((await page.locator('[data-panel="budgets"] tr.marked').textContent()) ?? "", new RegExp(`tenant=${PROBE_TENANT}.*exceeded`));
  assert.equal(await page.locator('[data-role="not-narrowed"]').count(), 0, "no filter: no panel says it is not narrowed");
  // The seeded routing bug: its hour is an anomaly and its task type's tier mix is flagged and marked.
  assert.ok(
    expected.rows.anomalies!.some((row) => row.key === "keyword_relevance"),
    "the seeded spike is an anomaly",
  );
  assert.match((await page.locator('[data-panel="tier-mix"] tr.marked').textContent()) ?? "", /keyword_relevance\s*powerful/);
  assert.equal(await page.locator('[data-chart="keyword_relevance"] [data-role="shift"]').count(), 1);
  assert.match((await page.locator('[data-role="anomaly-days"]').textContent()) ?? "", /\d{4}-\d{2}-\d{2}/);
  assert.equal(await page.locator('[data-panel="spend"] canvas').count(), 2);
  await page.screenshot({ path: screenshotPath(`${engine}-laptop`), fullPage: true });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200); // the resize handler redraws the charts on the next frame
  await page.screenshot({ path: screenshotPath(`${engine}-phone`), fullPage: true });
  assert.ok(
    (await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)) <=
      PHONE.width + 1,
    "no page-wide horizontal scroll on a phone",
  );

  await page.setViewportSize(LAPTOP);
  await applyFilter(page, "keyword_relevance", "acme");
  const filteredQuery = await readPageQuery(page, { taskType: "keyword_relevance", tenant: "acme" });
  const filtered = await computeExpectedDashboard(store, filteredQuery, ROUTING_CONFIG);
  await assertPanelsMatch(page, filtered);
  assert.deepEqual(
    filtered.rows["policy-history"]!.map((row) => row.task_type),
    ["keyword_relevance"],
  );
  assert.ok(filtered.rows.budgets!.length === 2 && filtered.rows.budgets!.every((row) => String(row.budget) === "tenant=acme"));
  // Each panel whose report cannot honour a filter says so, and only those.
  const notNarrowed = async (panel: string) => (await page.locator(`[data-panel="${panel}"] [data-role="not-narrowed"]`).textContent()) ?? "";
  assert.equal(await page.locator('[data-panel="spend"] [data-role="not-narrowed"]').count(), 0, "the spend is narrowed by every filter");
  assert.equal(await page.locator('[data-panel="mix"] [data-role="not-narrowed"]').count(), 0, "so is the tier mix");
  // Counted apart from the reports: acme's keyword relevance calls in the range.
  const [counted] = await store.query<{ calls: string }>(
    `SELECT count() AS calls FROM llm_usage FINAL WHERE tenant = 'acme' AND task_type = 'keyword_relevance' AND ts >= ${quoteLiteral(filteredQuery.from)} AND ts < ${quoteLiteral(filteredQuery.to)}`,
  );
  assert.equal(filtered.totalCalls, Number(counted!.calls).toLocaleString("en-US"), "the spend counts only the tenant's calls");
  assert.match(await notNarrowed("alerts"), /Not narrowed by task type or tenant:/);
  assert.match(await notNarrowed("top-spenders"), /Not narrowed by task type:/);
  assert.match(await notNarrowed("budgets"), /Not narrowed by task type:/);
  assert.equal(await page.locator('[data-panel="policy-history"] [data-role="not-narrowed"]').count(), 1, "policy history: not by tenant");
  assert.equal(await page.locator('[data-role="not-narrowed"]').count(), 8, "the eight table panels each honour only part of these filters, and say so");
  assert.notEqual(filtered.totalCost, expected.totalCost, "the task-type filter changes the spend");
  assert.ok(filtered.rows["top-spenders"]!.length > 0 && filtered.rows["top-spenders"]!.every((row) => row.tenant === "acme"));
  assert.ok(filtered.rows.savings!.every((row) => row.task_type === "keyword_relevance"));
  assert.ok(new URL(page.url()).searchParams.get("taskType") === "keyword_relevance", "the filter is kept in the address");
  await page.screenshot({ path: screenshotPath(`${engine}-filtered`), fullPage: true });
}

describe("the dashboard in headless Chromium", { skip }, () => {
  let browser: Browser;

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    rmSync(configFolder, { recursive: true, force: true });
  });

  describe("on a seeded chDB data folder", () => {
    const folder = mkdtempSync(join(tmpdir(), "switchyard-dashboard-"));
    const served = join(folder, "served");
    const now = new Date();
    let store: ClickHouseStore;
    let dashboard: DashboardProcess | undefined;

    before(async () => {
      store = createEmbeddedStore({ path: join(folder, "seeded"), database: EMBEDDED_DATABASE, logger });
      await seedDashboardStore(store, now);
      // chDB binds a folder to one process: the dashboard serves a copy, this process runs the reports on the original.
      cpSync(join(folder, "seeded"), served, { recursive: true });
      dashboard = await startDashboardProcess(["--data-dir", served], { SWITCHYARD_CONFIG: ROUTING_CONFIG });
    });

    after(async () => {
      await dashboard?.stop();
      await store?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it("shows the reports' figures in every panel, and narrows them by a filter", async () => {
      const page = await browser.newPage();
      try {
        await checkPanelsAndFilter(page, dashboard!.url, store, "chdb", now);
        // The README's picture: SWITCHYARD_README_SCREENSHOT=1 node scripts/run-tests.js dashboard-browser
        if (process.env.SWITCHYARD_README_SCREENSHOT === "1") {
          await page.setViewportSize({ width: 1280, height: 1100 });
          await waitForRender(page, () => page.goto(`${dashboard!.url}${pagePath(now)}`));
          mkdirSync(join(ROOT, "docs"), { recursive: true });
          await page.screenshot({ path: join(ROOT, "docs", "dashboard.png"), fullPage: true });
        }
      } finally {
        await page.close();
      }
    });
  });

  describe("on the ClickHouse server", () => {
    const now = new Date();
    const database = uniqueDatabaseName("switchyard_test_dashboard");
    const emptyDatabase = uniqueDatabaseName("switchyard_test_dashboard_empty");
    const open = (name: string) =>
      createServerStore({
        url: CLICKHOUSE_URL,
        username: process.env.CLICKHOUSE_USER ?? "default",
        password: process.env.CLICKHOUSE_PASSWORD ?? "",
        database: name,
        logger,
      });
    const environment = (name: string) => ({
      CLICKHOUSE_URL,
      CLICKHOUSE_DATABASE: name,
      ...(process.env.CLICKHOUSE_USER ? { CLICKHOUSE_USER: process.env.CLICKHOUSE_USER } : {}),
      ...(process.env.CLICKHOUSE_PASSWORD ? { CLICKHOUSE_PASSWORD: process.env.CLICKHOUSE_PASSWORD } : {}),
    });
    let store: ClickHouseStore;
    let emptyStore: ClickHouseStore;
    const processes: DashboardProcess[] = [];

    before(async () => {
      store = open(database);
      await seedDashboardStore(store, now);
      emptyStore = open(emptyDatabase);
      await applyMigrations(emptyStore, { logger });
    });

    after(async () => {
      await Promise.all(processes.map((process) => process.stop()));
      for (const each of [store, emptyStore]) {
        if (!each) continue;
        await each.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(each.database)}`);
        await each.close();
      }
    });

    async function start(args: readonly string[], name: string, extra: Record<string, string> = {}): Promise<DashboardProcess> {
      const dashboard = await startDashboardProcess(args, { ...environment(name), ...extra });
      processes.push(dashboard);
      return dashboard;
    }

    it("shows the reports' figures in every panel, and narrows them by a filter", async () => {
      const dashboard = await start([], database, { SWITCHYARD_CONFIG: ROUTING_CONFIG });
      const page = await browser.newPage();
      try {
        await checkPanelsAndFilter(page, dashboard.url, store, "server", now);
      } finally {
        await page.close();
      }
    });

    it("beyond loopback, answers 401 without the token and 200 with it, on every path", async () => {
      const refused = await runCommandLine(["dashboard", "--host", "0.0.0.0", "--port", "0"], { environment: environment(database) });
      assert.equal(refused.exitCode, 2);
      assert.match(refused.stderr, /--token/);
      const dashboard = await start(["--host", "0.0.0.0", "--token", TOKEN], database);
      const local = dashboard.url.replace("0.0.0.0", "127.0.0.1");
      for (const path of ["", "dashboard.js", "vendor/uPlot.esm.js", "api/dashboard"]) {
        assert.equal((await fetch(`${local}${path}`)).status, 401, `/${path} without a token`);
        assert.equal(
          (await fetch(`${local}${path}`, { headers: { authorization: "Bearer wrong-token-wrong-token" } })).status,
          401,
          `/${path} with a wrong token`,
        );
        assert.equal((await fetch(`${local}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200, `/${path} with the token`);
      }
      const page = await browser.newPage();
      try {
        await waitForRender(page, () => page.goto(`${local}?token=${TOKEN}`));
        assert.equal(await page.getAttribute("body", "data-state"), "ready");
        assert.notEqual(await page.locator('[data-figure="total-cost"]').count(), 0);
      } finally {
        await page.close();
      }
    });

    it("says so when there is no data yet, and when ClickHouse is unreachable", async () => {
      const empty = await start([], emptyDatabase);
      const closedPort = await freePort();
      const unreachable = await start([], database, { CLICKHOUSE_URL: `http://127.0.0.1:${closedPort}`, SWITCHYARD_CLICKHOUSE_TIMEOUT_MS: "2000" });
      const page = await browser.newPage();
      try {
        await waitForRender(page, () => page.goto(empty.url));
        assert.equal(await page.getAttribute("#status", "data-state"), "empty");
        assert.match((await page.textContent("#status")) ?? "", /No data in this range yet/);
        assert.equal(await page.locator('[data-panel="savings"] [data-role="empty"]').count(), 1);
        await page.screenshot({ path: screenshotPath("server-empty"), fullPage: true });
        await waitForRender(page, () => page.goto(unreachable.url));
        assert.equal(await page.getAttribute("#status", "data-state"), "unreachable");
        assert.match((await page.textContent("#status")) ?? "", /ClickHouse is unreachable/);
        await page.screenshot({ path: screenshotPath("server-unreachable"), fullPage: true });
      } finally {
        await page.close();
      }
    });

    it("renders the other panels when one report fails", async () => {
      // A second seeded database whose shadow table is gone: the reports over it fail, the rest do not.
      const broken = uniqueDatabaseName("switchyard_test_dashboard_partial");
      const brokenStore = open(broken);
      try {
        await seedDashboardStore(brokenStore, now);
        await brokenStore.command("DROP TABLE llm_shadow");
        const dashboard = await start([], broken);
        const page = await browser.newPage();
        try {
          await waitForRender(page, () => page.goto(`${dashboard.url}${pagePath(now)}`));
          assert.equal(await page.getAttribute("#status", "data-state"), "partial");
          assert.equal(await page.getAttribute('[data-panel="shadow"]', "data-status"), "error");
          assert.match((await page.textContent('[data-panel="shadow"] [data-role="error"]')) ?? "", /This report failed/);
          assert.equal(await page.getAttribute('[data-panel="top-spenders"]', "data-status"), "ok");
          const expected = await computeExpectedSpend(brokenStore, await readPageQuery(page));
          assert.equal(await page.locator('[data-figure="total-cost"]').textContent(), expected.totals.cost);
          await page.screenshot({ path: screenshotPath("server-partial"), fullPage: true });
        } finally {
          await page.close();
        }
      } finally {
        await brokenStore.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(broken)}`);
        await brokenStore.close();
      }
    });
  });
});
