import assert from "node:assert/strict";
import { appendFileSync, cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ConfigurationError } from "@switchyard/platform";
import { MIGRATIONS_DIRECTORY, applyMigrations, createEmbeddedStore, loadMigrations, quoteIdentifier, runMigrationStatement, splitSqlStatements } from "../src";
import { silentLogger, uniqueDatabaseName } from "./support/report-tests";

describe("splitSqlStatements", () => {
  it("splits at semicolons that end a line and drops whole-line comments", () => {
    assert.deepEqual(splitSqlStatements("-- header; with a semicolon;\nCREATE TABLE a (x String);\n\nSELECT ';' AS s\nFROM b;\n-- trailing\n"), [
      "CREATE TABLE a (x String)",
      "SELECT ';' AS s\nFROM b",
    ]);
  });
});

describe("loadMigrations", () => {
  it("loads the shipped migrations in order, with checksums and version requirements", () => {
    const migrations = loadMigrations();
    assert.deepEqual(
      migrations.map((migration) => `${migration.version}_${migration.name}`),
      [
        "1_create_llm_usage",
        "2_create_llm_shadow",
        "3_create_llm_usage_hourly",
        "4_create_llm_usage_hourly_by_tenant",
        "5_enable_insert_deduplication",
        "6_add_llm_usage_mode_and_cache_ttl",
        "7_add_policy_columns",
        "8_create_llm_policy_changes_and_alerts",
      ],
    );
    assert.equal(migrations[2]?.statements.length, 2);
    assert.equal(migrations[4]?.minimumServerVersion, "22.3");
    assert.equal(migrations[0]?.minimumServerVersion, undefined);
    for (const migration of migrations) assert.match(migration.checksum, /^[0-9a-f]{64}$/);
  });

  it("refuses gaps and badly named files", () => {
    const directory = mkdtempSync(join(tmpdir(), "switchyard-migrations-"));
    try {
      writeFileSync(join(directory, "0001_a.sql"), "SELECT 1;\n");
      writeFileSync(join(directory, "0003_c.sql"), "SELECT 1;\n");
      assert.throws(() => loadMigrations(directory), ConfigurationError);
      rmSync(join(directory, "0003_c.sql"));
      writeFileSync(join(directory, "2_b.sql"), "SELECT 1;\n");
      assert.throws(() => loadMigrations(directory), ConfigurationError);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("applyMigrations on chDB", () => {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-chdb-migrations-"));
  const store = createEmbeddedStore({ path: directory, database: uniqueDatabaseName("migrations"), logger: silentLogger });
  const copies = mkdtempSync(join(tmpdir(), "switchyard-migration-files-"));
  after(async () => {
    await store.command(`DROP DATABASE IF EXISTS ${quoteIdentifier(store.database)}`);
    await store.close();
    rmSync(directory, { recursive: true, force: true });
    rmSync(copies, { recursive: true, force: true });
  });

  it("applies every migration once, records it, and is a no-op the second time", async () => {
    const first = await applyMigrations(store, { logger: silentLogger });
    assert.equal(first.applied.length, 8, "26.x gets the deduplication settings too");
    assert.deepEqual(first.skipped, []);
    const second = await applyMigrations(store, { logger: silentLogger, database: store.database });
    assert.deepEqual(second, { applied: [], skipped: [] });
    const recorded = await store.query<{ version: number; name: string; checksum: string }>(
      "SELECT version, name, checksum FROM schema_migrations ORDER BY version",
    );
    assert.deepEqual(
      recorded.map((row) => row.version),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.deepEqual(
      recorded.map((row) => row.checksum),
      loadMigrations().map((migration) => migration.checksum),
    );
    const tables = await store.query<{ name: string }>("SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name");
    assert.deepEqual(
      tables.map((row) => row.name),
      [
        "llm_alerts",
        "llm_policy_changes",
        "llm_shadow",
        "llm_usage",
        "llm_usage_hourly",
        "llm_usage_hourly_by_tenant",
        "llm_usage_hourly_by_tenant_view",
        "llm_usage_hourly_view",
        "schema_migrations",
      ],
    );
  });

  it("treats an ADD COLUMN whose column exists as done (two processes migrating at once converge)", async () => {
    const addColumns = loadMigrations().find((migration) => migration.name === "add_policy_columns");
    assert.ok(addColumns);
    for (const statement of addColumns.statements) await runMigrationStatement(store, statement);
    await assert.rejects(runMigrationStatement(store, "ALTER TABLE llm_usage_missing ADD COLUMN x UInt8"), "other errors still fail");
    const columns = await store.query<{ name: string }>(
      "SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'llm_shadow' AND name IN ('phase', 'policy_version') ORDER BY name",
    );
    assert.deepEqual(
      columns.map((row) => row.name),
      ["phase", "policy_version"],
    );
  });

  it("refuses to run when an applied migration's file changed", async () => {
    cpSync(MIGRATIONS_DIRECTORY, copies, { recursive: true });
    const file = readdirSync(copies).find((name) => name.startsWith("0002_")) ?? "";
    appendFileSync(join(copies, file), "-- edited after it was applied\n");
    await assert.rejects(applyMigrations(store, { logger: silentLogger, directory: copies }), (error: unknown) => {
      assert.ok(error instanceof ConfigurationError);
      assert.match(error.setting, /0002_create_llm_shadow/);
      return true;
    });
  });

  it("refuses a database other than the store's", async () => {
    await assert.rejects(applyMigrations(store, { logger: silentLogger, database: "elsewhere" }), ConfigurationError);
  });
});
