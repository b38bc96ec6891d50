// `npm run test:faults`: runs the fault scenarios one after the other (each one loads the machine
// with its own processes), in a fresh run directory that collects every process's log and the
// count lines, then prints the count lines together. Arguments filter scenarios by file name
// (e.g. `npm run test:faults -- 01 09`). The canary scenario (09) sweeps what the others left, so
// it runs last, after the higher-numbered ones too.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./support/fault-environment";

const filters = process.argv.slice(2);
const directory = __dirname;
const files = readdirSync(directory)
  .filter((name) => name.endsWith(".fault.js"))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  // The canary sweep reads what every other scenario left: it goes last whatever the numbering.
  .sort((left, right) => Number(left.includes("canary")) - Number(right.includes("canary")) || left.localeCompare(right))
  .map((name) => join(directory, name));
if (files.length === 0) {
  process.stderr.write(`no fault scenario matches ${filters.join(" ")} in ${directory} (run npm run build first)\n`);
  process.exit(1);
}

if (!process.env.SWITCHYARD_SKIP_SERVICES_UP) {
  // The shared broker and server: reused when running, started by the project's script otherwise.
  const up = spawnSync("bash", [join(ROOT, "scripts", "services.sh"), "up"], { stdio: "inherit" });
  if (up.status !== 0) {
    process.stderr.write("could not start Kafka and ClickHouse for the fault suite (see above)\n");
    process.exit(1);
  }
}

const runDirectory = join(ROOT, ".run", "faults", new Date().toISOString().replace(/[:.]/g, "-"));
mkdirSync(runDirectory, { recursive: true });
process.stdout.write(`fault suite: ${files.length} scenarios; logs and counts in ${runDirectory}\n`);
const started = Date.now();
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", ...files], {
  stdio: "inherit",
  cwd: ROOT,
  env: { ...process.env, SWITCHYARD_ROOT: ROOT, FAULTS_RUN_DIR: runDirectory },
});
const countsPath = join(runDirectory, "counts.txt");
process.stdout.write(`\nfault suite counts (${Math.round((Date.now() - started) / 1000)} s):\n`);
process.stdout.write(existsSync(countsPath) ? readFileSync(countsPath, "utf8") : "(no scenario got as far as its counts)\n");
process.exit(result.status ?? 1);
