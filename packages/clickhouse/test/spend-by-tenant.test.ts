import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { createEmbeddedStore } from "../src";
import { silentLogger, uniqueDatabaseName } from "./support/report-tests";
import { defineSpendByTenantTests } from "./support/spend-by-tenant-tests";

const directory = mkdtempSync(join(tmpdir(), "switchyard-chdb-spend-"));
after(() => rmSync(directory, { recursive: true, force: true }));
defineSpendByTenantTests("chDB", () => createEmbeddedStore({ path: directory, database: uniqueDatabaseName("spend"), logger: silentLogger }));
