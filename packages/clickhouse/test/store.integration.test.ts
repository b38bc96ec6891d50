import { StorageError } from "../src/index";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { UsageEvent } from "@switchyard/contracts";
import { SwitchyardError } from "@switchyard/platform";
import {
  applyMigrations,
  loadMigrations,
  runMigrationStatement,
  createBatchWriter,
  createServerStore,
  mapUsageEventToRow,
  parseServerVersion,
  quoteIdentifier,
  type ClickHouseStore,
} from "../src";
import { assertLiteralsRoundTrip } from "./support/literal-cases";
import { silentLogger, uniqueDatabaseName } from "./support/report-tests";
import { TcpProxy } from "./support/tcp-proxy";
import { buildFixture } from "./support/usage-fixture";

const url = new URL(process.env.CLICKHOUSE_URL ?? "http://127.0.0.1:8123");
const credentials = { username: process.env.CLICKHOUSE_USER ?? "default", password: process.env.CLICKHOUSE_PASSWORD ?? "" };

function serverStore(database: string, at: URL = url): ClickHouseStore {
  return createServerStore({ url: at.toString(), ...credentials, database, logger: silentLogger, requestTimeoutMs: 5_000 });
}

/** A store on a fresh database, migrated before the suite's tests and dropped after them. */
function migratedServerStore(prefix: string): ClickHouseStore {
  const store = serverStore(uniqueDatabaseName(prefix));
  before(() => applyMigrations(store, { logger: silentLogger }));
  after(async () => {
    await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(store.database)}`);
    await store.close();
  });
  return store;
}

describe(`server store on ${url.host}`, () => {
  const store = migratedServerStore("switchyard_test_store");

  it("knows the server's version and what it supports", async () => {
    const version = await store.version();
    const { major, minor } = parseServerVersion(version);
    assert.ok(major > 0, version);
    const expected = major > 22 || (major === 22 && minor >= 3);
    assert.deepEqual(await store.capabilities(), { insertDeduplicationToken: expected });
  });

  it("applied the migrations the server supports, and skips the others every time", async () => {
    const again = await applyMigrations(store, { logger: silentLogger });
    assert.deepEqual(again.applied, []);
    const { major } = parseServerVersion(await store.version());
    assert.deepEqual(again.skipped, major < 22 ? ["0005_enable_insert_deduplication"] : []);
    const [row] = await store.query<{ tables: number }>("SELECT count() AS tables FROM system.tables WHERE database = currentDatabase()");
    assert.equal(row?.tables, 9);
  });

  it("treats an ADD COLUMN whose column exists as done (18.16 has no IF NOT EXISTS there)", async () => {
    const addColumns = loadMigrations().find((migration) => migration.name === "add_policy_columns");
    assert.ok(addColumns);
    for (const statement of addColumns.statements) await runMigrationStatement(store, statement);
    const columns = await store.query<{ name: string }>(
      "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'llm_usage' AND name = 'policy_version'",
    );
    assert.equal(columns.length, 1);
  });

  it("returns 64-bit integers as numbers", async () => {
    assert.deepEqual(await store.query("SELECT toUInt64(9007199254740991) AS big, toInt64(-5) AS negative, count() AS none FROM system.one WHERE 0"), [
      { big: 9007199254740991, negative: -5, none: 0 },
    ]);
  });

  it("keeps hostile values inside their literals", async () => {
    await assertLiteralsRoundTrip(store);
  });

  it("classifies failures: bad statement or data rejected, missing table or server unavailable", async () => {
    await assert.rejects(store.query("SELEC 1"), (error: unknown) => {
      assert.ok(error instanceof StorageError);
      assert.equal(error.code, "storage_rejected");
      assert.equal(error.retryable, false);
      assert.ok(error.cause instanceof Error);
      return true;
    });
    await assert.rejects(
      store.insert("llm_usage", [{ event_id: "x", ts: "not a time" }]),
      (error: unknown) => error instanceof SwitchyardError && error.code === "storage_rejected",
    );
    await assert.rejects(
      store.query("SELECT * FROM no_such_table"),
      (error: unknown) => error instanceof SwitchyardError && error.code === "storage_unavailable",
    );
    const nowhere = serverStore("anything", new URL("http://127.0.0.1:1"));
    await assert.rejects(nowhere.query("SELECT 1"), (error: unknown) => {
      assert.ok(error instanceof StorageError);
      assert.equal(error.code, "storage_unavailable");
      assert.equal(error.retryable, true);
      return true;
    });
    await nowhere.close();
    await assert.rejects(nowhere.query("SELECT 1"), (error: unknown) => error instanceof SwitchyardError && error.code === "shutting_down");
  });

  it("accepts statements of a few MiB (the batch writer's id lookups), past 18.16's default max_query_size of 256 KiB", async () => {
    const ids = Array.from({ length: 20_000 }, (_, index) => `'usage-${index}-${"x".repeat(48)}'`);
    const [row] = await store.query<{ found: number }>(`SELECT count() AS found FROM llm_usage WHERE event_id IN (${ids.join(", ")})`);
    assert.equal(row?.found, 0);
  });

  it("accepts a deduplication token on every server (ignored where unsupported)", async () => {
    const rows = buildFixture()
      .usage.slice(0, 3)
      .map((event) => mapUsageEventToRow(event, new Date()));
    await store.insert("llm_usage", rows, { deduplicationToken: "token-1" });
    const [row] = await store.query<{ calls: number }>("SELECT count() AS calls FROM llm_usage FINAL");
    assert.equal(row?.calls, 3);
  });

  it("inserts with gzip-compressed requests when asked (CLICKHOUSE_REQUEST_COMPRESSION=gzip)", async () => {
    const gzipStore = createServerStore({ url: url.toString(), ...credentials, database: store.database, logger: silentLogger, requestCompression: "gzip" });
    try {
      const rows = buildFixture()
        .usage.slice(3, 5)
        .map((event) => mapUsageEventToRow(event, new Date()));
      await gzipStore.insert("llm_usage", rows);
      const ids = rows.map((row) => `'${row.event_id}'`).join(", ");
      const [row] = await gzipStore.query<{ calls: number }>(`SELECT count() AS calls FROM llm_usage FINAL WHERE event_id IN (${ids})`);
      assert.equal(row?.calls, 2);
    } finally {
      await gzipStore.close();
    }
  });
});

describe("batch writer with full-size batches on the server", () => {
  const store = migratedServerStore("switchyard_test_batches");

  it("stores 10,000-row batches from concurrent batches once, and a redelivery adds nothing", async () => {
    const base = buildFixture().usage;
    const events = Array.from({ length: 10_000 }, (_, index) => {
      const event = base[index % base.length] as UsageEvent;
      return { ...event, eventId: `${event.eventId}-copy-${index}-with-a-long-suffix-like-a-uuid` };
    });
    const writerFor = () =>
      createBatchWriter<UsageEvent, ReturnType<typeof mapUsageEventToRow>>({
        store,
        table: "llm_usage",
        mapRow: mapUsageEventToRow,
        maxRows: 10_000,
        maxWaitMs: 20,
        maxBufferedRows: 20_000,
        maxConcurrentBatches: 2,
        retry: { initialDelayMs: 20, maxDelayMs: 200 },
        dedupe: { idColumn: "event_id", timeColumn: "ts" },
        logger: silentLogger,
      });
    const first = writerFor();
    await Promise.all(events.map((event) => first.write(event)));
    await first.close();
    const second = writerFor();
    await Promise.all([...events].reverse().map((event) => second.write(event)));
    await second.close();
    const [raw] = await store.query<{ rows: number; ids: number }>("SELECT count() AS rows, uniqExact(event_id) AS ids FROM llm_usage");
    const [rollup] = await store.query<{ calls: number }>("SELECT sum(calls) AS calls FROM llm_usage_hourly");
    assert.deepEqual(raw, { rows: 10_000, ids: 10_000 }, "no row was inserted twice, even before merges");
    assert.equal(rollup?.calls, 10_000);
  });
});

describe("batch writer through a ClickHouse outage", () => {
  const proxy = new TcpProxy(url.hostname, Number(url.port || 8123));
  let store: ClickHouseStore;
  const database = uniqueDatabaseName("switchyard_test_outage");
  const direct = serverStore(database);

  before(async () => {
    await proxy.start();
    store = serverStore(database, new URL(`http://127.0.0.1:${proxy.port}`));
    await applyMigrations(store, { logger: silentLogger });
  });
  after(async () => {
    await proxy.stop();
    await store.close();
    await direct.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
    await direct.close();
  });

  it("holds writes while the server is away, stores each event once when it returns", async () => {
    const events = buildFixture().usage.slice(0, 3000);
    const writer = createBatchWriter<UsageEvent, ReturnType<typeof mapUsageEventToRow>>({
      store,
      table: "llm_usage",
      mapRow: mapUsageEventToRow,
      maxRows: 200,
      maxWaitMs: 20,
      maxBufferedRows: 600,
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
      dedupe: { idColumn: "event_id", timeColumn: "ts" },
      logger: silentLogger,
    });
    let acknowledged = 0;
    const writes = events.slice(0, 1000).map((event) => writer.write(event).then(() => (acknowledged += 1)));
    await Promise.all(writes);
    await proxy.stop();
    const during = events.slice(1000).map((event) => writer.write(event).then(() => (acknowledged += 1)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(acknowledged, 1000, "nothing is acknowledged while ClickHouse is away");
    assert.ok(writer.bufferedRows <= 600, `memory stays bounded: ${writer.bufferedRows} rows buffered`);
    await proxy.start();
    await Promise.all(during);
    // A redelivery of everything after the outage changes nothing.
    await Promise.all(events.map((event) => writer.write(event)));
    await writer.close();
    const [raw] = await direct.query<{ calls: number; cost: number }>("SELECT count() AS calls, sum(cost_usd) AS cost FROM llm_usage FINAL");
    const [rollup] = await direct.query<{ calls: number }>("SELECT sum(calls) AS calls FROM llm_usage_hourly");
    assert.equal(raw?.calls, events.length);
    assert.equal(rollup?.calls, events.length);
    const expectedCost = events.reduce((total, event) => total + (event.costUsd ?? 0), 0);
    assert.ok(Math.abs((raw?.cost ?? 0) - expectedCost) < 0.005);
  });
});
