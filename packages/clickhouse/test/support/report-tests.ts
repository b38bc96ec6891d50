import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { ShadowEvent, UsageEvent } from "@switchyard/contracts";
import { createLogger } from "@switchyard/platform";
import {
  DEFAULT_BASELINE_MODELS,
  applyMigrations,
  createBatchWriter,
  mapShadowEventToRow,
  mapUsageEventToRow,
  quoteIdentifier,
  runReport,
  type BatchWriter,
  type ClickHouseStore,
} from "../../src";
import { assertRowsMatch } from "./assert-rows";
import {
  expectCostAnomalies,
  expectCostByDay,
  expectCostPerCallDrift,
  expectSavings,
  expectShadowReport,
  expectTierMix,
  expectTopSpenders,
} from "./expected-reports";
import { FIXTURE_HOURS, PRICES, SPIKE_HOUR, WINDOW_START_HOUR, buildFixture, hourDate } from "./usage-fixture";

export const silentLogger = createLogger({ name: "clickhouse-test", level: "silent" });

export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
}

const BATCH = { maxRows: 500, maxWaitMs: 20, maxBufferedRows: 1500, retry: { initialDelayMs: 50, maxDelayMs: 500 } };

function usageWriter(store: ClickHouseStore): BatchWriter<UsageEvent> {
  return createBatchWriter({
    store,
    table: "llm_usage",
    mapRow: mapUsageEventToRow,
    ...BATCH,
    dedupe: { idColumn: "event_id", timeColumn: "ts" },
    logger: silentLogger,
  });
}

function shadowWriter(store: ClickHouseStore): BatchWriter<ShadowEvent> {
  return createBatchWriter({ store, table: "llm_shadow", mapRow: mapShadowEventToRow, ...BATCH, dedupe: { idColumn: "event_id" }, logger: silentLogger });
}

async function writeAll<Event>(writer: BatchWriter<Event>, events: Event[]): Promise<void> {
  await Promise.all(events.map((event) => writer.write(event)));
}

/**
 * Every shipped report against fixture data on one engine, compared with an
 * independent TypeScript calculation. The fixture goes in the way a sink that
 * crashes and is redelivered would write it: part of it, then all of it, then
 * a sample again, through fresh writers each time; shadow comparisons are
 * also evaluated twice, and some are inserted again behind the writer's back.
 */
export function defineReportTests(engineLabel: string, openStore: () => ClickHouseStore): void {
  describe(`reports on ${engineLabel}`, () => {
    const fixture = buildFixture();
    let store: ClickHouseStore;
    const all = { from: hourDate(0), to: hourDate(FIXTURE_HOURS) };
    const window = { from: hourDate(WINDOW_START_HOUR), to: hourDate(FIXTURE_HOURS), baselineHours: WINDOW_START_HOUR };

    before(async () => {
      store = openStore();
      await applyMigrations(store, { logger: silentLogger });
      const firstPart = fixture.usage.slice(0, Math.floor(fixture.usage.length * 0.6));
      for (const events of [firstPart, fixture.usage, fixture.usage.filter((_event, index) => index % 10 === 3)]) {
        const writer = usageWriter(store);
        await writeAll(writer, events);
        await writer.close();
      }
      for (const events of [fixture.shadow, fixture.shadowReevaluated, fixture.shadow]) {
        const writer = shadowWriter(store);
        await writeAll(writer, events);
        await writer.close();
      }
      // Identical copies inserted without the writer: llm_shadow has no rollup, FINAL must collapse them.
      await store.insert(
        "llm_shadow",
        fixture.shadow.slice(0, 20).map((event) => mapShadowEventToRow(event, new Date())),
      );
    });

    after(async () => {
      if (!store) return;
      await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(store.database)}`);
      await store.close();
    });

    it("counts every call and comparison once, in the raw tables and in the rollups", async () => {
      const [raw] = await store.query<{ calls: number; cost: number }>("SELECT count() AS calls, sum(cost_usd) AS cost FROM llm_usage FINAL");
      const expectedCost = fixture.usage.reduce((total, event) => total + (event.costUsd ?? 0), 0);
      assert.equal(raw?.calls, fixture.usage.length);
      assert.ok(Math.abs((raw?.cost ?? 0) - expectedCost) < 0.005, `cost ${raw?.cost} vs ${expectedCost} (to the cent)`);
      const [hourly] = await store.query<{ calls: number; cost: number }>("SELECT sum(calls) AS calls, sum(priced_cost_usd) AS cost FROM llm_usage_hourly");
      assert.equal(hourly?.calls, fixture.usage.length);
      assert.ok(Math.abs((hourly?.cost ?? 0) - expectedCost) < 1e-6);
      const [byTenant] = await store.query<{ calls: number }>("SELECT sum(calls) AS calls FROM llm_usage_hourly_by_tenant");
      assert.equal(byTenant?.calls, fixture.usage.length);
      const [shadow] = await store.query<{ comparisons: number; agreements: number }>(
        "SELECT count() AS comparisons, countIf(verdict = 'agree') AS agreements FROM llm_shadow FINAL",
      );
      assert.equal(shadow?.comparisons, fixture.shadow.length);
      assert.equal(shadow?.agreements, fixture.shadow.filter((event) => event.verdict === "agree").length);
    });

    it("cost-by-day", async () => {
      const result = await runReport(store, "cost-by-day", all);
      assertRowsMatch(result.rows, expectCostByDay(fixture.usage, all.from, all.to));
      assert.deepEqual(Object.keys(result.rows[0] ?? {}), result.columns);
    });

    it("tier-mix flags the burst of powerful-tier keyword calls and nothing else", async () => {
      const parameters = { ...window, threshold: 0.1, minCalls: 20 };
      const result = await runReport(store, "tier-mix", parameters);
      assertRowsMatch(result.rows, expectTierMix(fixture.usage, parameters), { window_share: 1e-9, baseline_share: 1e-9, share_change: 1e-9 });
      const flagged = result.rows.filter((row) => row.flagged === 1).map((row) => `${row.task_type}/${row.tier}`);
      assert.deepEqual(flagged, ["keyword_relevance/powerful"]);
      assert.deepEqual(Object.keys(result.rows[0] ?? {}), result.columns);
    });

    it("cost-anomalies flags the spike hour for Opus and keyword relevance, not a normal hour", async () => {
      const parameters = { ...window, k: 3, minBaselineHours: 24 };
      const result = await runReport(store, "cost-anomalies", parameters);
      assertRowsMatch(result.rows, expectCostAnomalies(fixture.usage, parameters), { z_score: 0.0051 });
      const spikeHour = hourDate(SPIKE_HOUR).toISOString().slice(0, 19).replace("T", " ");
      const flagged = result.rows.map((row) => `${row.dimension}/${row.key}/${row.hour}`);
      assert.ok(flagged.includes(`model/claude-3-opus/${spikeHour}`), flagged.join("\n"));
      assert.ok(flagged.includes(`task_type/keyword_relevance/${spikeHour}`), flagged.join("\n"));
      const normalHour = hourDate(SPIKE_HOUR - 1)
        .toISOString()
        .slice(0, 19)
        .replace("T", " ");
      assert.ok(!result.rows.some((row) => row.hour === normalHour), `a normal hour was flagged: ${flagged.join("\n")}`);
    });

    it("cost-per-call-drift shows the bloated data-extraction prompts", async () => {
      const parameters = { ...window, threshold: 0.05, minCalls: 20 };
      const result = await runReport(store, "cost-per-call-drift", parameters);
      assertRowsMatch(result.rows, expectCostPerCallDrift(fixture.usage, parameters), {
        window_cost_per_call_usd: 1e-8,
        baseline_cost_per_call_usd: 1e-8,
        cost_per_call_change: 5.1e-5,
        window_input_tokens_per_call: 0.051,
        baseline_input_tokens_per_call: 0.051,
      });
      const flagged = result.rows.filter((row) => row.flagged === 1).map((row) => row.task_type);
      assert.deepEqual(flagged, ["data_extraction", "keyword_relevance"]);
    });

    it("savings reproduces the article's table: -98%, -80%, 0%, -92%", async () => {
      const parameters = { from: hourDate(0), to: hourDate(WINDOW_START_HOUR), prices: PRICES };
      const result = await runReport(store, "savings", parameters);
      const expected = expectSavings(fixture.usage, fixture.shadow, { ...parameters, baselineModels: { ...DEFAULT_BASELINE_MODELS } });
      assertRowsMatch(result.rows.slice(0, -1), expected);
      const change = (taskType: string) => result.rows.find((row) => row.task_type === taskType)?.cost_change_percent as number;
      assert.equal(Math.round(change("keyword_relevance")), -98);
      assert.equal(Math.round(change("campaign_summary")), -80);
      assert.equal(Math.round(change("account_strategy")), 0);
      assert.equal(Math.round(change("data_extraction")), -92);
      assert.equal(change("experimental"), null);
      const total = result.rows.at(-1);
      assert.equal(total?.task_type, "(all)");
      assert.equal(
        total?.calls,
        expected.reduce((sum, row) => sum + Number(row.calls), 0),
      );
      const withBaseline = expected.filter((row) => row.baseline_cost_usd !== null);
      const overall =
        withBaseline.reduce((sum, row) => sum + Number(row.actual_cost_usd), 0) / withBaseline.reduce((sum, row) => sum + Number(row.baseline_cost_usd), 0) - 1;
      assert.ok(Math.abs(Number(total?.cost_change_percent) - 100 * overall) <= 0.051);
      assert.ok(Number(total?.fast_share) > 0.6, "Haiku carries most of the requests");
      const campaign = result.rows.find((row) => row.task_type === "campaign_summary");
      assert.ok(Number(campaign?.evaluation_cost_usd) > 0, "shadow and judge cost is shown apart");
      // 245 agreements of 250 comparisons, 3 of them failed shadow calls: counted apart, not as disagreements.
      assert.match(String(campaign?.quality_change), /^agreement 99\.2% \(n=247\)$/);
      assert.equal(result.rows.find((row) => row.task_type === "keyword_relevance")?.quality_change, "no data");
      assert.deepEqual(Object.keys(total ?? {}), result.columns);
    });

    it("savings prices each call at the baseline's entry in force at its time, and at its long-context band", async () => {
      const opus = PRICES.find((price) => price.model === "claude-3-opus");
      assert.ok(opus);
      const half = {
        ...opus,
        effectiveFrom: "2024-05-04",
        inputPerMillion: 7.5,
        outputPerMillion: 37.5,
        cacheWrite5mPerMillion: 9.375,
        cacheReadPerMillion: 0.75,
      };
      const band = (price: typeof opus) => ({
        ...price,
        abovePromptTokens: 15_000,
        inputPerMillion: price.inputPerMillion * 2,
        outputPerMillion: price.outputPerMillion * 2,
      });
      // Out of order on purpose: the report orders the rows itself.
      const dated = [band(half), ...PRICES, half, band(opus)];
      const parameters = { from: hourDate(0), to: hourDate(WINDOW_START_HOUR), prices: dated };
      const result = await runReport(store, "savings", parameters);
      const expected = expectSavings(fixture.usage, fixture.shadow, { ...parameters, baselineModels: { ...DEFAULT_BASELINE_MODELS } });
      assertRowsMatch(result.rows.slice(0, -1), expected);
      const flat = await runReport(store, "savings", { ...parameters, prices: PRICES });
      const baselineOf = (rows: typeof result.rows, taskType: string) => Number(rows.find((row) => row.task_type === taskType)?.baseline_cost_usd);
      // keyword relevance (500-token prompts): days 1-3 at the full price, days 4-7 at half.
      assert.ok(baselineOf(result.rows, "keyword_relevance") < 0.75 * baselineOf(flat.rows, "keyword_relevance"));
      // account strategy (20,000-token prompts) is above the band: twice the input and output rates.
      assert.ok(baselineOf(result.rows, "account_strategy") > baselineOf(result.rows, "keyword_relevance"));
      assert.equal(baselineOf(result.rows, "data_extraction"), baselineOf(flat.rows, "data_extraction"), "Sonnet's single price is unchanged");
    });

    it("top-spenders", async () => {
      const result = await runReport(store, "top-spenders", { ...all, limit: 20 });
      assertRowsMatch(result.rows, expectTopSpenders(fixture.usage, all.from, all.to, 20), { cost_share: 5.1e-5 });
    });

    it("shadow recommends moving the 99% task type down, its failed shadow calls apart, and keeping the 60% one", async () => {
      const parameters = { ...all, target: 0.95, minSamples: 100 };
      const result = await runReport(store, "shadow", parameters);
      const expected = expectShadowReport(fixture.usage, fixture.shadow, parameters);
      assertRowsMatch(
        result.rows,
        expected.map(({ moves_down: _movesDown, ...row }) => row),
        { agreement_lower_95: 5.1e-5, saving_per_1000_tasks_usd: 1e-5, projected_saving_usd: 1e-5 },
      );
      assert.deepEqual(
        result.rows.map((row) => [row.task_type, row.recommendation]),
        [
          ["account_strategy", "keep: agreement lower bound 52.0% is below the 95.0% target"],
          ["campaign_summary", "move down to fast (3 shadow calls failed: not counted as disagreement)"],
        ],
      );
      assert.deepEqual(
        expected.map((row) => row.moves_down),
        [false, true],
      );
      assert.deepEqual(Object.keys(result.rows[0] ?? {}), result.columns);
    });
  });
}
