import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { UsageEvent } from "@switchyard/contracts";
import { sleep } from "@switchyard/platform";
import { buildUsageEvents, uniqueDatabaseName } from "@switchyard/test-support";
import { applyMigrations, createBatchWriter, createServerStore, mapUsageEventToRow, quoteIdentifier, type ClickHouseStore } from "../src";
import { silentLogger } from "./support/report-tests";

// Opt-in: the replicas of `bash scripts/cluster/clickhouse-replicas.sh up`. With CLICKHOUSE_CLUSTER
// set, replicas that do not answer fail the test; without it, `npm test` needs only the single node.
const cluster = process.env.CLICKHOUSE_CLUSTER;
const replicaUrls = (process.env.CLICKHOUSE_REPLICA_URLS ?? "http://127.0.0.1:8124,http://127.0.0.1:8125").split(",");
const skip = cluster ? false : "set CLICKHOUSE_CLUSTER (and CLICKHOUSE_REPLICA_URLS) after scripts/cluster/clickhouse-replicas.sh up";

function replicaStore(url: string, database: string): ClickHouseStore {
  return createServerStore({ url, database, cluster: cluster ?? "", logger: silentLogger, requestTimeoutMs: 20_000 });
}

function usageWriter(store: ClickHouseStore) {
  return createBatchWriter<UsageEvent, ReturnType<typeof mapUsageEventToRow>>({
    store,
    table: "llm_usage",
    mapRow: mapUsageEventToRow,
    maxRows: 100,
    maxWaitMs: 20,
    maxBufferedRows: 1_000,
    retry: { initialDelayMs: 50, maxDelayMs: 500 },
    dedupe: { idColumn: "event_id", timeColumn: "ts" },
    logger: silentLogger,
  });
}

describe(`migrations and the stored-id check on cluster ${cluster ?? "(not configured)"}`, { skip }, () => {
  const database = uniqueDatabaseName("switchyard_test_cluster");
  const [first, second] = replicaUrls.map((url) => replicaStore(url, database));
  assert.ok(first && second, "CLICKHOUSE_REPLICA_URLS needs two URLs");

  before(async () => {
    const applied = await applyMigrations(first, { logger: silentLogger });
    assert.ok(applied.applied.includes("0001_create_llm_usage"), JSON.stringify(applied));
  });
  after(async () => {
    await first.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} ON CLUSTER ${quoteIdentifier(cluster ?? "")}`);
    await Promise.all([first.close(), second.close()]);
  });

  it("creates replicated tables and the views on every replica, and records the migrations for both", async () => {
    for (const store of [first, second]) {
      const tables = await store.query<{ name: string; engine: string }>(
        "SELECT name, engine FROM system.tables WHERE database = currentDatabase() ORDER BY name",
      );
      const engines = Object.fromEntries(tables.map((table) => [table.name, table.engine]));
      assert.equal(engines.llm_usage, "ReplicatedReplacingMergeTree");
      assert.equal(engines.llm_shadow, "ReplicatedReplacingMergeTree");
      assert.equal(engines.llm_usage_hourly, "ReplicatedSummingMergeTree");
      assert.equal(engines.llm_usage_hourly_by_tenant, "ReplicatedSummingMergeTree");
      assert.equal(engines.schema_migrations, "ReplicatedReplacingMergeTree");
      assert.equal(engines.llm_usage_hourly_view, "MaterializedView");
      assert.equal(engines.llm_usage_hourly_by_tenant_view, "MaterializedView");
      const [column] = await store.query<{ found: number }>(
        "SELECT count() AS found FROM system.columns WHERE database = currentDatabase() AND table = 'llm_usage' AND name IN ('mode', 'policy_version')",
      );
      assert.equal(column?.found, 2);
    }
    const again = await applyMigrations(second, { logger: silentLogger });
    assert.deepEqual(again.applied, []);
  });

  it("sees through one replica every row written through the other, so re-written events are stored once", async () => {
    const events = buildUsageEvents(500, (index) => ({ taskId: `cluster-${index}` }));
    const firstWriter = usageWriter(first);
    await Promise.all(events.map((event) => firstWriter.write(event)));
    await firstWriter.close();
    // A second sink on the other replica gets the same events again (a rebalance): nothing new is stored.
    const secondWriter = usageWriter(second);
    await Promise.all(events.map((event) => secondWriter.write(event)));
    await secondWriter.close();
    // The other replica fetches the rollup's parts through a queue of its own, apart from llm_usage's.
    await second.command(`SYSTEM SYNC REPLICA ${quoteIdentifier(database)}.llm_usage_hourly`);
    for (const store of [first, second]) {
      const [raw] = await store.query<{ rows: number; cost: number }>("SELECT count() AS rows, sum(cost_usd) AS cost FROM llm_usage");
      const [rollup] = await store.query<{ calls: number }>("SELECT sum(calls) AS calls FROM llm_usage_hourly");
      assert.equal(raw?.rows, events.length);
      assert.ok(Math.abs((raw?.cost ?? 0) - 0.0002 * events.length) < 1e-9, String(raw?.cost));
      assert.equal(rollup?.calls, events.length);
    }
  });

  it("counts two batches whose rollup rows are equal (replicated tables would drop the second block as a duplicate)", async () => {
    const startMs = Date.UTC(2026, 10, 30, 9, 0, 0);
    const calls = async () =>
      (await first.query<{ calls: number }>("SELECT sum(calls) AS calls FROM llm_usage_hourly WHERE task_type = 'rollup_twins'"))[0]?.calls ?? 0;
    for (const batch of [1, 2]) {
      const writer = usageWriter(first);
      const events = buildUsageEvents(10, (index) => ({ taskId: `twins-${batch}-${index}`, type: "rollup_twins" }), startMs);
      await Promise.all(events.map((event) => writer.write(event)));
      await writer.close();
    }
    assert.equal(await calls(), 20);
  });

  it("makes a writer on a replica that has not fetched the other's rows wait for them rather than insert them again", async () => {
    const table = `${quoteIdentifier(database)}.llm_usage`;
    const events = buildUsageEvents(50, (index) => ({ taskId: `lagging-${index}`, type: "lagging_replica" }));
    const calls = async (store: ClickHouseStore) =>
      (await store.query<{ calls: number }>("SELECT sum(calls) AS calls FROM llm_usage_hourly WHERE task_type = 'lagging_replica'"))[0]?.calls ?? 0;
    await second.command(`SYSTEM STOP FETCHES ${table}`);
    let settled = false;
    let again: Promise<void> | undefined;
    try {
      const firstWriter = usageWriter(first);
      await Promise.all(events.map((event) => firstWriter.write(event)));
      await firstWriter.close();
      // A second sink on the lagging replica gets the same events (a rebalance).
      const secondWriter = usageWriter(second);
      again = Promise.all(events.map((event) => secondWriter.write(event))).then(() => secondWriter.close());
      void again.then(() => (settled = true));
      await sleep(2_000);
      assert.equal(settled, false, "the lagging replica's writer waits for its replica to catch up");
    } finally {
      await second.command(`SYSTEM START FETCHES ${table}`);
    }
    await again;
    await second.command(`SYSTEM SYNC REPLICA ${quoteIdentifier(database)}.llm_usage_hourly`);
    assert.deepEqual([await calls(first), await calls(second)], [events.length, events.length]);
  });
});
