import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_FOLDER_MARKER } from "../src/demo/prepare-demo-folder";
import { runCliInProcess } from "./run-cli-in-process";
import { runCommandLine, type CommandLineOutcome } from "./run-command-line";

/** A usage error: exit 2, one line on stderr, nothing on stdout. */
function assertUsageError(outcome: CommandLineOutcome, pattern: RegExp): void {
  assert.equal(outcome.exitCode, 2, `exit code; stderr: ${outcome.stderr}`);
  assert.equal(outcome.stdout, "");
  const lines = outcome.stderr.split("\n").filter((line) => line.length > 0);
  assert.equal(lines.length, 1, `one line on stderr, got:\n${outcome.stderr}`);
  assert.match(lines[0] ?? "", pattern);
}

test("--version and -V print the version on stdout and exit 0", async () => {
  const { version } = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  for (const flag of ["--version", "-V"]) {
    const outcome = await runCommandLine([flag]);
    assert.equal(outcome.exitCode, 0);
    assert.equal(outcome.stdout, `switchyard ${version}\n`);
    assert.equal(outcome.stderr, "");
  }
});

test("usage errors go to stderr with exit 2: no command, help <unknown>, a bad option value", async () => {
  const bare = await runCommandLine([]);
  assert.equal(bare.exitCode, 2);
  assert.equal(bare.stdout, "", "the help that answers a wrong command line goes to stderr");
  assert.match(bare.stderr, /^usage: switchyard <command>/);
  assertUsageError(await runCommandLine(["help", "nope"]), /^switchyard help: unknown command "nope"; commands: demo, /);
  const asked = await runCommandLine(["help", "sql"]);
  assert.equal(asked.exitCode, 0);
  assert.match(asked.stdout, /^usage: switchyard sql/);
  // Value errors quote the value as given.
  assertUsageError(await runCommandLine(["demo", "--tasks", "0"]), /--tasks: expected an integer from 1 to 1000000, got "0"/);
});

test("-b/--brokers and the ClickHouse flags override the environment, and a bad value names the flag", async () => {
  const environment = { KAFKA_BROKERS: "127.0.0.1:9092", CLICKHOUSE_URL: "http://127.0.0.1:8123" };
  assertUsageError(await runCliInProcess(["results", "-b", "no port here"], environment), /^switchyard results: --brokers: .*got "no port here"$/);
  assertUsageError(await runCliInProcess(["sql", "SELECT 1", "--clickhouse-url", "nope"], environment), /^switchyard sql: --clickhouse-url: .*got "nope"$/);
  // The flag, not the environment, decides where the command goes.
  const unreachable = await runCliInProcess(["results", "--brokers", "127.0.0.1:1"], environment);
  assert.equal(unreachable.exitCode, 1);
  assert.match(unreachable.stderr, /cannot reach Kafka .*127\.0\.0\.1:1/);
  const elsewhere = await runCliInProcess(["sql", "SELECT 1", "--clickhouse-url", "http://127.0.0.1:1"], environment);
  assert.equal(elsewhere.exitCode, 1);
  assert.match(elsewhere.stderr, /ClickHouse at http:\/\/127\.0\.0\.1:1/);
  for (const command of ["submit", "results", "serve"]) assert.match((await runCliInProcess([command, "--help"])).stdout, /-b, --brokers/);
  for (const command of ["report", "sql", "serve"]) assert.match((await runCliInProcess([command, "--help"])).stdout, /--clickhouse-url/);
});

test("sql on a chDB folder is read-only unless --write; --format jsonl prints one row per line", async () => {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-sql-"));
  const created = await runCliInProcess(["sql", "--write", "--data-dir", directory, "CREATE TABLE notes (n UInt8) ENGINE = MergeTree ORDER BY n"]);
  assert.equal(created.exitCode, 0, created.stderr);
  assertUsageError(
    await runCliInProcess(["sql", "--data-dir", directory, "INSERT INTO notes VALUES (1)"]),
    /sql: query: changes data, and sql is read-only: add --write/,
  );
  assertUsageError(await runCliInProcess(["sql", "--data-dir", directory, "DROP TABLE notes"]), /read-only: add --write/);
  const inserted = await runCliInProcess(["sql", "--write", "--data-dir", directory, "INSERT INTO notes VALUES (1), (2)"]);
  assert.equal(inserted.exitCode, 0, inserted.stderr);
  const rows = await runCliInProcess(["sql", "--data-dir", directory, "--format", "jsonl", "SELECT n FROM notes ORDER BY n"]);
  assert.equal(rows.exitCode, 0, rows.stderr);
  assert.equal(rows.stdout, '{"n":1}\n{"n":2}\n');
});

test("demo refuses a data folder that holds data, and --clean empties only a demo's own folder", async () => {
  const parent = mkdtempSync(join(tmpdir(), "switchyard-demo-"));
  const foreign = join(parent, "foreign");
  mkdirSync(foreign);
  writeFileSync(join(foreign, "thesis.txt"), "precious");
  assertUsageError(await runCommandLine(["demo", "--tasks", "5", "--data-dir", foreign]), /--data-dir: ".*foreign" already holds data: .* add --clean/);
  assertUsageError(await runCommandLine(["demo", "--tasks", "5", "--data-dir", foreign, "--clean"]), /is not a demo data folder/);
  assert.equal(readFileSync(join(foreign, "thesis.txt"), "utf8"), "precious", "never removed");

  const earlier = join(parent, "earlier");
  mkdirSync(earlier);
  writeFileSync(join(earlier, DEMO_FOLDER_MARKER), "");
  writeFileSync(join(earlier, "stale-rows"), "from an earlier run");
  // One demo run serves both checks: --dashboard keeps serving its data folder at the URL it prints (stderr, since stdout is jsonl).
  let served: DemoDashboardCheck | undefined;
  const outcome = await runCommandLine(
    ["demo", "--tasks", "8", "--latency-scale", "0", "--data-dir", earlier, "--clean", "--format", "jsonl", "--dashboard", "--port", "0"],
    {
      killAfterMs: 280_000,
      whileServing: {
        stream: "stderr",
        pattern: /switchyard dashboard: .* at (http:\/\/127\.0\.0\.1:\d+\/) /,
        run: async (match, stdout) => {
          served = await checkDemoDashboard(match[1]!, JSON.parse(stdout.trim()) as DemoDocument);
        },
      },
    },
  );
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  assert.equal(existsSync(join(earlier, "stale-rows")), false, "the earlier run's files are gone");
  assert.ok(existsSync(join(earlier, DEMO_FOLDER_MARKER)), "the folder is marked as a demo's again");
  const lines = outcome.stdout.trim().split("\n");
  assert.equal(lines.length, 1, "jsonl: one line");
  const document = JSON.parse(lines[0] ?? "") as { tasks: number; results: { ok: number } };
  // tasks counts every phase: the 8 of phase 1 plus those of the policy loop's phases.
  assert.ok(document.tasks >= 8, `tasks ${document.tasks}`);
  assert.equal(document.results.ok, document.tasks);
  assert.equal(served?.routedTasks, document.tasks, "the dashboard was checked, on this run's tasks");
});

interface DemoDocument {
  tasks: number;
  loop: { steps: { lines: string[] }[]; alerts: string[] };
}

interface DemoDashboardCheck {
  routedTasks: number;
}

/** The URL the demo printed serves the page and the API over the demo's data: its tasks, policy changes and alerts. */
async function checkDemoDashboard(url: string, demo: DemoDocument): Promise<DemoDashboardCheck> {
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Switchyard cost dashboard/);
  const response = await fetch(`${url}api/dashboard`);
  assert.equal(response.status, 200);
  const data = (await response.json()) as {
    spend: { status: string; mix: Record<string, Record<string, number[]>> };
    panels: Record<string, { status: string; rows: Record<string, string>[] }>;
  };
  assert.equal(data.spend.status, "ok");
  for (const [id, panel] of Object.entries(data.panels)) assert.equal(panel.status, "ok", `panel ${id}`);
  // Every task of every phase was routed once: the tier mix counts each.
  const routedTasks = Object.values(data.spend.mix)
    .flatMap((tiers) => Object.values(tiers).flat())
    .reduce((sum, calls) => sum + calls, 0);
  assert.equal(routedTasks, demo.tasks);
  // The policy versions the demo printed (none for so few tasks) are the policy history's, newest first.
  const printed = demo.loop.steps.flatMap((step) => step.lines.flatMap((line) => /^policy v(\d+):/.exec(line)?.[1] ?? [])).map(Number);
  assert.deepEqual(
    data.panels["policy-history"]!.rows.map((row) => Number(row.policy_version)),
    [...printed].sort((left, right) => right - left),
  );
  // The alerts it printed (kind: message) are the alerts panel's.
  const alerts = data.panels.alerts!.rows.map((row) => `${row.kind}: ${row.alert_message}`);
  assert.deepEqual([...new Set(alerts)].sort(), [...demo.loop.alerts].sort());
  return { routedTasks };
}
