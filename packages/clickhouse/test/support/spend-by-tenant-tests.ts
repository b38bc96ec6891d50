import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { UsageEvent } from "@switchyard/contracts";
import { applyMigrations, findStoredEventIds, mapUsageEventToRow, quoteIdentifier, readSpendByTenant, type ClickHouseStore } from "../../src";
import { silentLogger } from "./report-tests";

function usage(id: string, ts: string, costUsd: number | null, metadata: Record<string, string>, role: UsageEvent["role"] = "primary"): UsageEvent {
  return {
    version: 1,
    eventId: id,
    ts,
    taskId: `task-${id}`,
    type: "keyword_relevance",
    tier: "fast",
    model: "claude-haiku-4-5",
    role,
    status: "ok",
    errorType: null,
    attempt: 1,
    inputTokens: 10,
    outputTokens: 5,
    cacheCreationInputTokens: 0,
    cacheReadInputTokens: 0,
    costUsd,
    latencyMs: 10,
    metadata,
  };
}

/** readSpendByTenant on one engine: day and month sums per tenant and feature, every role, nulls as 0. */
export function defineSpendByTenantTests(engineLabel: string, openStore: () => ClickHouseStore): void {
  describe(`spend by tenant on ${engineLabel}`, () => {
    let store: ClickHouseStore;
    before(async () => {
      store = openStore();
      await applyMigrations(store, { logger: silentLogger });
      const events = [
        usage("a1", "2026-11-30T10:15:00Z", 0.25, { tenant: "acme", feature: "search" }),
        usage("a2", "2026-11-30T23:59:59Z", 0.5, { tenant: "acme", feature: "search" }, "shadow"),
        usage("a3", "2026-11-29T23:00:00Z", 1, { tenant: "acme", feature: "search" }),
        usage("a4", "2026-10-31T23:00:00Z", 8, { tenant: "acme", feature: "search" }),
        usage("a5", "2026-11-30T01:00:00Z", null, { tenant: "acme", feature: "search" }),
        usage("g1", "2026-11-30T02:00:00Z", 2, { tenant: "globex" }),
        usage("n1", "2026-11-30T03:00:00Z", 4, {}),
      ];
      await store.insert(
        "llm_usage",
        events.map((event) => mapUsageEventToRow(event, new Date())),
      );
    });
    after(async () => {
      await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(store.database)}`);
      await store.close();
    });

    it("sums the current day and month per tenant and feature", async () => {
      const rows = await readSpendByTenant(store, { dayStart: new Date("2026-11-30T00:00:00Z"), monthStart: new Date("2026-11-01T00:00:00Z") });
      const byScope = new Map(rows.map((row) => [`${row.tenant}/${row.feature}`, [row.dayUsd, row.monthUsd]]));
      assert.deepEqual(Object.fromEntries(byScope), { "acme/search": [0.75, 1.75], "globex/": [2, 2], "/": [4, 4] });
    });

    it("finds which usage event ids are stored", async () => {
      const found = await findStoredEventIds(store, ["a1", "a3", "missing", "a4"], new Date("2026-11-29T00:00:00Z"));
      assert.deepEqual(found.sort(), ["a1", "a3"]);
      assert.deepEqual(await findStoredEventIds(store, [], new Date(0)), []);
    });

    it("reads only the tenants and features asked for", async () => {
      const rows = await readSpendByTenant(store, {
        dayStart: new Date("2026-11-30T00:00:00Z"),
        monthStart: new Date("2026-11-01T00:00:00Z"),
        tenants: ["globex", ""],
      });
      assert.deepEqual(rows.map((row) => row.tenant).sort(), ["", "globex"]);
    });
  });

  describe(`spend by tenant on ${engineLabel}: the hours from rowsSince on come from the usage rows`, () => {
    let store: ClickHouseStore;
    before(async () => {
      store = openStore();
      await applyMigrations(store, { logger: silentLogger });
      await store.insert(
        "llm_usage",
        [usage("b1", "2026-11-30T09:20:00Z", 0.5, { tenant: "acme" }), usage("b2", "2026-11-30T10:40:00Z", 0.25, { tenant: "acme" })].map((event) =>
          mapUsageEventToRow(event, new Date()),
        ),
      );
      // Rollup rows with no usage rows behind them: they show which source each hour is read from.
      const rollupRow = (hour: string, costUsd: number) => ({
        hour,
        feature: "",
        tenant: "acme",
        task_type: "keyword_relevance",
        calls: 1,
        priced_calls: 1,
        input_tokens: 0,
        output_tokens: 0,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        priced_cost_usd: costUsd,
      });
      await store.insert("llm_usage_hourly_by_tenant", [rollupRow("2026-11-30 09:00:00", 100), rollupRow("2026-11-30 10:00:00", 1000)]);
    });
    after(async () => {
      await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(store.database)}`);
      await store.close();
    });

    const read = (rowsSince?: Date) =>
      readSpendByTenant(store, {
        dayStart: new Date("2026-11-30T00:00:00Z"),
        monthStart: new Date("2026-11-01T00:00:00Z"),
        tenants: ["acme"],
        ...(rowsSince ? { rowsSince } : {}),
      });

    it("reads the rollup alone without rowsSince", async () => {
      assert.deepEqual(
        (await read()).map((row) => row.dayUsd),
        [1100.75],
      );
    });

    it("reads the hours from the start of rowsSince's hour on from the usage rows, the hours before from the rollup", async () => {
      // 09:00 from the rollup (0.5 + 100); 10:00 from the rows (0.25), its 1000 in the rollup unread.
      const rows = await read(new Date("2026-11-30T10:35:12Z"));
      assert.deepEqual(
        rows.map((row) => [row.tenant, row.dayUsd, row.monthUsd]),
        [["acme", 100.75, 100.75]],
      );
      // Since the start of the month: every hour from the rows.
      assert.deepEqual(
        (await read(new Date("2026-10-15T00:00:00Z"))).map((row) => row.dayUsd),
        [0.75],
      );
    });
  });
}
