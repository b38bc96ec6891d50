// `npm run test:faults:cluster`: the fault scenarios on the clusters (three Kafka brokers, ClickHouse
// replicas), one after the other, in a fresh run directory that collects every process's log and
// the count lines. Starts the single-node services (the scenarios' default ClickHouse) and the
// clusters (`scripts/services.sh up --cluster`) when they are not running, and stops again only the
// clusters it started. Arguments filter scenarios by file name (e.g. `npm run test:faults:cluster -- c01`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { selectScenarios } from "../faults/support/select-scenarios";
import { ROOT } from "../faults/support/fault-environment";

const filters = process.argv.slice(2);
const directory = __dirname;
// The migrations' own test on the replicas (skipped by `npm test`, which has one node) runs first,
// whatever the filter: the scenarios need what it checks.
const CLUSTER_MIGRATIONS_TEST = join(ROOT, "packages", "clickhouse", "dist", "test", "cluster-migrations.integration.test.js");
const files = [CLUSTER_MIGRATIONS_TEST, ...selectScenarios(directory, filters, "cluster fault")];

const services = (...args: string[]) => spawnSync("bash", [join(ROOT, "scripts", "services.sh"), ...args], { stdio: "inherit" }).status;
if (services("up") !== 0) {
  process.stderr.write("could not start Kafka and ClickHouse for the cluster fault suite (see above)\n");
  process.exit(1);
}
const clustersWereUp = spawnSync("bash", [join(ROOT, "scripts", "services.sh"), "status", "--cluster"], { stdio: "ignore" }).status === 0;
if (!clustersWereUp && services("up", "--cluster") !== 0) {
  process.stderr.write("could not start the clusters (see above)\n");
  services("down", "--cluster");
  process.exit(1);
}

const runDirectory = join(ROOT, ".run", "faults-cluster", new Date().toISOString().replace(/[:.]/g, "-"));
mkdirSync(runDirectory, { recursive: true });
process.stdout.write(`cluster fault suite: the migrations' test and ${files.length - 1} scenarios; logs and counts in ${runDirectory}\n`);
const started = Date.now();
const run = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", ...files], {
  stdio: "inherit",
  cwd: ROOT,
  // c04 needs the replicas named as the cluster scripts/cluster/clickhouse-replicas.sh starts.
  env: { CLICKHOUSE_CLUSTER: "switchyard", ...process.env, SWITCHYARD_ROOT: ROOT, FAULTS_RUN_DIR: runDirectory },
});
const countsPath = join(runDirectory, "counts.txt");
process.stdout.write(`\ncluster fault suite counts (${Math.round((Date.now() - started) / 1000)} s):\n`);
process.stdout.write(existsSync(countsPath) ? readFileSync(countsPath, "utf8") : "(no scenario got as far as its counts)\n");
if (!clustersWereUp) services("down", "--cluster");
process.exit(run.status ?? 1);
