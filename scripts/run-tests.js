#!/usr/bin/env node
// Runs the compiled tests with node's test runner.
//   node scripts/run-tests.js            unit + integration (starts Kafka and ClickHouse when not reachable)
//   node scripts/run-tests.js --unit     unit tests only
//   node scripts/run-tests.js <filter>   only test files whose path contains <filter>
// Unit tests are *.test.js; tests that need the real broker or server are *.integration.test.js.
"use strict";
const { spawnSync } = require("node:child_process");
const { readdirSync, statSync } = require("node:fs");
const { join, relative } = require("node:path");

const root = join(__dirname, "..");
const args = process.argv.slice(2);
const unitOnly = args.includes("--unit");
const filters = args.filter((arg) => !arg.startsWith("--"));

function findTests(directory, found = []) {
  for (const entry of readdirSync(directory)) {
    if (entry === "node_modules") continue;
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) findTests(path, found);
    else if (entry.endsWith(".test.js")) found.push(path);
  }
  return found;
}

const roots = ["packages", "services", "apps"].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name, "dist", "test")));
roots.push(join(root, "test", "dist"));
let files = roots
  .filter((path) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  })
  .flatMap((path) => findTests(path));
if (unitOnly) files = files.filter((file) => !file.endsWith(".integration.test.js"));
if (filters.length > 0) files = files.filter((file) => filters.some((filter) => relative(root, file).includes(filter)));
files.sort();
if (files.length === 0) {
  console.error("no test files found: run `npm run build` first");
  process.exit(1);
}

const needsServices = files.some((file) => file.endsWith(".integration.test.js"));
if (needsServices && !process.env.SWITCHYARD_SKIP_SERVICES_UP) {
  // Reuses a running broker and server, or starts the project's own.
  const up = spawnSync("bash", [join(root, "scripts", "services.sh"), "up"], { stdio: "inherit" });
  if (up.status !== 0) {
    console.error("could not start Kafka and ClickHouse for the integration tests (see above)");
    process.exit(1);
  }
}

const result = spawnSync(process.execPath, ["--test", "--test-reporter=spec", "--test-concurrency=2", ...files], {
  stdio: "inherit",
  cwd: root,
  env: { ...process.env, SWITCHYARD_ROOT: root },
});
process.exit(result.status ?? 1);
