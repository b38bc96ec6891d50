import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { createEmbeddedStore } from "../src";
import { defineLeverTests } from "./support/lever-tests";
import { silentLogger, uniqueDatabaseName } from "./support/report-tests";

const directory = mkdtempSync(join(tmpdir(), "switchyard-chdb-levers-"));
after(() => rmSync(directory, { recursive: true, force: true }));

defineLeverTests("chDB (embedded)", () => createEmbeddedStore({ path: directory, database: uniqueDatabaseName("levers"), logger: silentLogger }));
