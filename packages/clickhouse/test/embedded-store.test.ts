import { StorageError } from "../src/index";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SwitchyardError } from "@switchyard/platform";
import { applyMigrations, createEmbeddedStore, mapUsageEventToRow, quoteIdentifier } from "../src";
import { silentLogger, uniqueDatabaseName } from "./support/report-tests";
import { buildFixture } from "./support/usage-fixture";

describe("embedded store (chDB)", () => {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-chdb-store-"));
  const store = createEmbeddedStore({ path: directory, database: uniqueDatabaseName("store"), logger: silentLogger });
  before(() => applyMigrations(store, { logger: silentLogger }));
  after(async () => {
    await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(store.database)}`);
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it("reports a 26.x engine that supports deduplication tokens", async () => {
    assert.match(await store.version(), /^2\d\./);
    assert.deepEqual(await store.capabilities(), { insertDeduplicationToken: true });
    assert.equal(store.engine, "embedded");
  });

  it("returns 64-bit integers as numbers", async () => {
    assert.deepEqual(await store.query("SELECT toUInt64(9007199254740991) AS big, toInt64(-5) AS negative, count() AS none FROM system.one WHERE 0"), [
      { big: 9007199254740991, negative: -5, none: 0 },
    ]);
  });

  it("accepts statements of a few MiB (the batch writer's id lookups), past the default max_query_size of 256 KiB", async () => {
    const ids = Array.from({ length: 20_000 }, (_, index) => `'usage-${index}-${"x".repeat(48)}'`);
    const [row] = await store.query<{ found: number }>(`SELECT count() AS found FROM llm_usage WHERE event_id IN (${ids.join(", ")})`);
    assert.equal(row?.found, 0);
  });

  it("classifies a bad statement as rejected and a missing table as unavailable", async () => {
    await assert.rejects(store.query("SELEC 1"), (error: unknown) => {
      assert.ok(error instanceof StorageError);
      assert.equal(error.code, "storage_rejected");
      assert.equal(error.retryable, false);
      assert.ok(error.cause instanceof Error);
      return true;
    });
    await assert.rejects(
      store.query("SELECT * FROM no_such_table"),
      (error: unknown) => error instanceof SwitchyardError && error.code === "storage_unavailable",
    );
    await assert.rejects(
      store.insert("llm_usage", [{ event_id: "x", ts: "not a time" }]),
      (error: unknown) => error instanceof SwitchyardError && error.code === "storage_rejected",
    );
  });

  it("drops a batch inserted again with the same deduplication token, rollups included", async () => {
    const rows = buildFixture()
      .usage.slice(0, 50)
      .map((event) => mapUsageEventToRow(event, new Date()));
    await store.insert("llm_usage", rows, { deduplicationToken: "batch-1" });
    await store.insert(
      "llm_usage",
      rows.map((row) => ({ ...row, inserted_at: "2030-01-01 00:00:00" })),
      { deduplicationToken: "batch-1" },
    );
    const [raw] = await store.query<{ rows: number }>("SELECT count() AS rows FROM llm_usage");
    const [rollup] = await store.query<{ calls: number }>("SELECT sum(calls) AS calls FROM llm_usage_hourly");
    assert.equal(raw?.rows, 50, "not even unmerged duplicates");
    assert.equal(rollup?.calls, 50);
  });
});
