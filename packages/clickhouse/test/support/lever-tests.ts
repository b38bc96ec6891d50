import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { UsageEvent } from "@switchyard/contracts";
import { applyMigrations, mapUsageEventToRow, quoteIdentifier, runReport, type ClickHouseStore } from "../../src";
import { buildUsageEvents } from "@switchyard/test-support";
import { silentLogger } from "./report-tests";

const TS = "2026-11-20T10:00:00.000Z";

function call(id: string, overrides: Partial<UsageEvent>): UsageEvent {
  const shape = { eventId: id, ts: TS, taskId: id, model: "claude-3-haiku", inputTokens: 1_000, outputTokens: 100, costUsd: 0.000375, latencyMs: 10 };
  return buildUsageEvents(1, () => ({ ...shape, ...overrides }))[0] as UsageEvent;
}

/**
 * savings-by-lever and the mode / cache-split columns on one engine: three
 * routed calls (sync, batch, cached) whose levers are worked out by hand.
 */
export function defineLeverTests(engineLabel: string, openStore: () => ClickHouseStore): void {
  describe(`savings by lever on ${engineLabel}`, () => {
    let store: ClickHouseStore;
    before(async () => {
      store = openStore();
      await applyMigrations(store, { logger: silentLogger });
      // A second start finds the columns there and records nothing twice.
      await applyMigrations(store, { logger: silentLogger });
      const events = [
        call("sync", {}),
        call("batch", { mode: "batch", costUsd: 0.0001875 }),
        // 100 plain input + 900 read at a tenth: (100 × 0.25 + 900 × 0.025 + 100 × 1.25) / 1e6.
        call("cached", { inputTokens: 100, cacheReadInputTokens: 900, costUsd: 0.0001725, cacheCreation5mInputTokens: 0, cacheCreation1hInputTokens: 0 }),
        call("shadow", { role: "shadow", costUsd: 1 }),
      ];
      await store.insert(
        "llm_usage",
        events.map((event) => mapUsageEventToRow(event, new Date(TS))),
      );
    });
    after(async () => {
      await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(store.database)}`);
      await store.close();
    });

    it("splits the saving against the baseline into routing, batching and caching", async () => {
      const report = await runReport(store, "savings-by-lever", {
        from: "2026-11-20T00:00:00Z",
        to: "2026-11-21T00:00:00Z",
        prices: [
          { model: "claude-3-haiku", inputPerMillion: 0.25, outputPerMillion: 1.25, cacheWrite5mPerMillion: 0.3, cacheReadPerMillion: 0.025 },
          { model: "claude-3-opus", inputPerMillion: 15, outputPerMillion: 75, cacheWrite5mPerMillion: 18.75, cacheReadPerMillion: 1.5 },
        ],
      });
      assert.equal(report.rows.length, 1);
      const row = report.rows[0] as Record<string, unknown>;
      assert.equal(row.task_type, "keyword_relevance");
      assert.equal(row.baseline_model, "claude-3-opus");
      assert.equal(Number(row.calls), 3);
      assert.equal(Number(row.batch_calls), 1);
      const close = (name: string, expected: number) =>
        assert.ok(Math.abs(Number(row[name]) - expected) < 1e-9, `${name}: ${String(row[name])} != ${expected}`);
      close("actual_cost_usd", 0.000735);
      close("baseline_cost_usd", 0.0675);
      close("routing_saving_usd", 0.066375);
      close("batching_saving_usd", 0.0001875);
      close("caching_saving_usd", 0.0002025);
      close("total_saving_usd", 0.066765);
      close("cache_read_share", 0.3);
    });

    it("stores each call's mode and cache split", async () => {
      const rows = await store.query<{ event_id: string; mode: string }>("SELECT event_id, mode FROM llm_usage FINAL ORDER BY event_id");
      assert.deepEqual(
        rows.map((entry) => [entry.event_id, entry.mode]),
        [
          ["batch", "batch"],
          ["cached", "sync"],
          ["shadow", "sync"],
          ["sync", "sync"],
        ],
      );
    });
  });
}
