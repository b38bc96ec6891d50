import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { COMMANDS } from "../src/run-cli";

const RUN_CLI = join(__dirname, "..", "src", "run-cli.js");

/**
 * The modules a fresh process has loaded after running one command line in
 * process: what `switchyard <args>` pays for before it prints anything.
 */
function modulesLoadedBy(args: readonly string[]): string[] {
  const script = [
    `const { runCli } = require(${JSON.stringify(RUN_CLI)});`,
    "const sink = { write: () => true };",
    `runCli(${JSON.stringify(args)}, { stdout: sink, stderr: sink, stdin: process.stdin, environment: {}, workingDirectory: process.cwd() })`,
    "  .then((code) => { process.stdout.write(JSON.stringify({ code, modules: Object.keys(require.cache) })); process.exit(0); });",
  ].join("\n");
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const { code, modules } = JSON.parse(run.stdout) as { code: number; modules: string[] };
  assert.equal(code, 0, `switchyard ${args.join(" ")} exits 0`);
  return modules;
}

test("--help and every <command> --help load no library: only the command line's own modules", () => {
  const cliDist = join(__dirname, "..", "src");
  for (const args of [["--help"], ...COMMANDS.map((command) => [command.name, "--help"])]) {
    const modules = modulesLoadedBy(args);
    const foreign = modules.filter((path) => !path.startsWith(cliDist));
    assert.deepEqual(foreign, [], `switchyard ${args.join(" ")} loaded ${foreign.join(", ")}`);
    const runModules = modules.filter((path) => /[/\\]run-[\w-]+-command\.js$/.test(path));
    assert.deepEqual(runModules, [], `switchyard ${args.join(" ")} loaded a command's implementation`);
  }
});

test("running a command loads its implementation (the lazy load is wired to the right module)", () => {
  const modules = modulesLoadedBy(["models", "--format", "json"]);
  assert.ok(
    modules.some((path) => path.endsWith(join("commands", "run-models-command.js"))),
    "run-models-command.js is loaded",
  );
});
