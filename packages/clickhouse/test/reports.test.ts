import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { createEmbeddedStore } from "../src";
import { defineReportTests, silentLogger, uniqueDatabaseName } from "./support/report-tests";

const directory = mkdtempSync(join(tmpdir(), "switchyard-chdb-reports-"));
after(() => rmSync(directory, { recursive: true, force: true }));

defineReportTests("chDB (embedded)", () => createEmbeddedStore({ path: directory, database: uniqueDatabaseName("reports"), logger: silentLogger }));
