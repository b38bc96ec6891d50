import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigurationError, type Logger } from "@switchyard/platform";
import type { ClickHouseStore } from "./clickhouse-store";
import { formatClickHouseDateTime } from "./quote-literal";
import { renderClusterStatement } from "./render-cluster-statement";
import { runMigrationStatement } from "./run-migration-statement";
import { isVersionAtLeast } from "./server-version";
import { splitSqlStatements } from "./split-sql-statements";

/** The migrations shipped with this package, in packages/clickhouse/migrations. */
export const MIGRATIONS_DIRECTORY = join(__dirname, "..", "..", "migrations");

export interface Migration {
  version: number;
  /** The file name without number and extension, e.g. "create_llm_usage". */
  name: string;
  /** sha256 of the file (line endings normalised). */
  checksum: string;
  statements: string[];
  /** From a `-- minimum-server-version: X.Y` line: older servers skip the migration. */
  minimumServerVersion: string | undefined;
  /** From a `-- skip-when-column-exists: table.column` line: the statements are not run again when it exists (18.16 has no ADD COLUMN IF NOT EXISTS). */
  skipWhenColumnExists: { table: string; column: string } | undefined;
}

export interface ApplyMigrationsOptions {
  logger: Logger;
  /** Must be the store's database when given (the store decides where tables live). */
  database?: string;
  /** Defaults to the shipped migrations. */
  directory?: string;
}

export interface MigrationsResult {
  applied: string[];
  skipped: string[];
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
const MINIMUM_VERSION = /^--\s*minimum-server-version:\s*(\d+\.\d+)\s*$/m;
const SKIP_WHEN_COLUMN_EXISTS = /^--\s*skip-when-column-exists:\s*([a-z0-9_]+)\.([a-z0-9_]+)\s*$/m;

/** Reads `NNNN_name.sql` files in version order; refuses gaps and duplicate numbers (the list is append-only). */
export function loadMigrations(directory: string = MIGRATIONS_DIRECTORY): Migration[] {
  const migrations = readdirSync(directory)
    .filter((file) => file.endsWith(".sql"))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new ConfigurationError(`migration ${file}`, "file names must look like 0001_create_table.sql");
      const text = readFileSync(join(directory, file), "utf8").replace(/\r\n/g, "\n");
      return {
        version: Number(match[1]),
        name: match[2] ?? "",
        checksum: createHash("sha256").update(text).digest("hex"),
        statements: splitSqlStatements(text),
        minimumServerVersion: MINIMUM_VERSION.exec(text)?.[1],
        skipWhenColumnExists: readColumnGuard(text),
      };
    })
    .sort((left, right) => left.version - right.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new ConfigurationError(`migration ${label(migration)}`, `expected number ${index + 1}: migrations are numbered 1, 2, 3… without gaps or repeats`);
    }
  });
  return migrations;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/**
 * Brings the store's database up to date: creates it when needed, then applies
 * each migration not yet recorded in `schema_migrations`, in order, and records
 * it. Every statement is idempotent (IF NOT EXISTS), so a run interrupted
 * half-way, or two processes starting at once, converge. A migration whose
 * file changed after it was applied is an error: migrations are append-only;
 * change the schema with a new file. A migration that needs a newer server is
 * skipped and tried again at every start.
 */
export async function applyMigrations(store: ClickHouseStore, options: ApplyMigrationsOptions): Promise<MigrationsResult> {
  if (options.database !== undefined && options.database !== store.database) {
    throw new ConfigurationError("CLICKHOUSE_DATABASE", `migrations for ${options.database} asked of a store on ${store.database}`);
  }
  const logger = options.logger.child({ component: "clickhouse-migrations", database: store.database });
  const migrations = loadMigrations(options.directory);
  // On a cluster every statement runs ON CLUSTER with replicated engines, schema_migrations included,
  // so that a process starting on either replica sees what the other applied.
  const render = (statement: string) => (store.cluster ? renderClusterStatement(statement, { cluster: store.cluster, database: store.database }) : statement);
  await store.ensureDatabase();
  await store.command(
    render(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, checksum String, applied_at DateTime('UTC')) ENGINE = ReplacingMergeTree ORDER BY version",
    ),
  );
  const applied = new Map<number, AppliedRow>();
  for (const row of await store.query<AppliedRow>("SELECT version, name, checksum FROM schema_migrations ORDER BY version")) {
    if (!applied.has(row.version)) applied.set(row.version, row);
  }
  const serverVersion = await store.version();
  const result: MigrationsResult = { applied: [], skipped: [] };
  for (const migration of migrations) {
    const record = applied.get(migration.version);
    if (record) {
      if (record.checksum !== migration.checksum) {
        throw new ConfigurationError(
          `migration ${label(migration)}`,
          "its file changed after it was applied; migrations are append-only, add a new one instead",
        );
      }
      continue;
    }
    if (migration.minimumServerVersion && !isVersionAtLeast(serverVersion, migration.minimumServerVersion)) {
      logger.info({ migration: label(migration), serverVersion, needs: migration.minimumServerVersion }, "migration skipped: needs a newer server");
      result.skipped.push(label(migration));
      continue;
    }
    if (!(await columnExists(store, migration.skipWhenColumnExists))) {
      for (const statement of migration.statements) await runMigrationStatement(store, render(statement));
    }
    await store.insert("schema_migrations", [
      { version: migration.version, name: migration.name, checksum: migration.checksum, applied_at: formatClickHouseDateTime(new Date()) },
    ]);
    logger.info({ migration: label(migration) }, "migration applied");
    result.applied.push(label(migration));
  }
  const known = new Set(migrations.map((migration) => migration.version));
  const unknown = [...applied.keys()].filter((version) => !known.has(version));
  if (unknown.length > 0) logger.warn({ versions: unknown }, "the database has migrations this build does not know (a newer build applied them)");
  return result;
}

function readColumnGuard(text: string): Migration["skipWhenColumnExists"] {
  const match = SKIP_WHEN_COLUMN_EXISTS.exec(text);
  return match ? { table: match[1] ?? "", column: match[2] ?? "" } : undefined;
}

async function columnExists(store: ClickHouseStore, guard: Migration["skipWhenColumnExists"]): Promise<boolean> {
  if (!guard) return false;
  // Names come from the migration file's guard line ([a-z0-9_] only), never from input.
  const rows = await store.query<{ found: number | string }>(
    `SELECT count() AS found FROM system.columns WHERE database = currentDatabase() AND table = '${guard.table}' AND name = '${guard.column}'`,
  );
  return Number(rows[0]?.found ?? 0) > 0;
}

function label(migration: Migration): string {
  return `${String(migration.version).padStart(4, "0")}_${migration.name}`;
}
