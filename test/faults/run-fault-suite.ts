// `npm run test:faults`: runs the fault scenarios one after the other (each one loads the machine
// with its own processes), in a fresh run directory that collects every process's log and the
// count lines, then prints the count lines together. Arguments filter scenarios by file name
// (e.g. `npm run test:faults -- 01 09`). The canary scenario (09) sweeps what the others left, so
// it runs last, after the higher-numbered ones too.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { selectScenarios } from "./support/select-scenarios";
import { ROOT } from "./support/fault-environment";

const filters = process.argv.slice(2);
const directory = __dirname;
const files = selectScenarios(directory, filters, "fault");

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
// node's test runner orders the files it is given by itself, so the canary sweep gets a run of its own after the rest.
const runScenarios = (scenarioFiles: readonly string[]): number => {
  if (scenarioFiles.length === 0) return 0;
  const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", ...scenarioFiles], {
    stdio: "inherit",
    cwd: ROOT,
    env: { ...process.env, SWITCHYARD_ROOT: ROOT, FAULTS_RUN_DIR: runDirectory },
  });
  return run.status ?? 1;
};
const isCanary = (file: string): boolean => file.includes("canary");
const statuses = [runScenarios(files.filter((file) => !isCanary(file))), runScenarios(files.filter(isCanary))];
const countsPath = join(runDirectory, "counts.txt");
process.stdout.write(`\nfault suite counts (${Math.round((Date.now() - started) / 1000)} s):\n`);
process.stdout.write(existsSync(countsPath) ? readFileSync(countsPath, "utf8") : "(no scenario got as far as its counts)\n");
process.exit(statuses.find((status) => status !== 0) ?? 0);
