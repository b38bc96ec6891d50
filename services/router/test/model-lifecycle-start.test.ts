import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const MAIN = join(__dirname, "..", "src", "main.js");

function runRouter(routingConfig: object): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-lifecycle-"));
  const path = join(directory, "routing.json");
  writeFileSync(path, JSON.stringify(routingConfig));
  return new Promise((resolve, reject) => {
    // An unreachable broker: the router must stop before it tries one.
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? "", SWITCHYARD_CONFIG: path, KAFKA_BROKERS: "127.0.0.1:1", METRICS_PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe("router start with a retired model", () => {
  it("exits 2 with one line naming the setting, the model and its end of life", async () => {
    const outcome = await runRouter({ models: { fast: "claude-haiku-5-5", standard: "claude-sonnet-4-5", powerful: "claude-opus-5-5" } });
    assert.equal(outcome.code, 2, outcome.stderr);
    const lines = outcome.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, outcome.stderr);
    assert.match(lines[0] ?? "", /^router: invalid configuration: models\.standard: claude-sonnet-4-5 reached end of life on 2026-11-30/);
  });
});
