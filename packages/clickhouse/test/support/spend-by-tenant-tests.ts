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
}
