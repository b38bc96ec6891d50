import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCommandLine } from "./run-command-line";

function routingConfigFile(config: object): string {
  const path = join(mkdtempSync(join(tmpdir(), "switchyard-models-")), "routing.json");
  writeFileSync(path, JSON.stringify(config));
  return path;
}

interface ModelRow {
  tiers: string;
  model: string;
  input: number | null;
  cache_read: number | null;
  effective_from: string;
  checked_on: string;
  lifecycle: string;
  source: string;
}

async function listModels(config: object, args: string[] = []): Promise<ModelRow[]> {
  const outcome = await runCommandLine(["models", "--format", "json", ...args], { environment: { SWITCHYARD_CONFIG: routingConfigFile(config) } });
  assert.equal(outcome.exitCode, 0, outcome.stderr);
  return (JSON.parse(outcome.stdout) as { rows: ModelRow[] }).rows;
}

describe("switchyard models", () => {
  it("shows each configured tier's price, its checked day and lifecycle: retired and deprecated included", async () => {
    const rows = await listModels({ models: { fast: "claude-haiku-5-5", standard: "claude-sonnet-4-5", powerful: "claude-opus-4-5" } }, [
      "--at",
      "2026-11-30T12:00:00Z",
    ]);
    const [fast, standard, powerful] = rows;
    assert.deepEqual([fast?.tiers, fast?.model, fast?.input, fast?.lifecycle, fast?.checked_on], ["fast", "claude-haiku-5-5", 0.1, "active", "2026-11-30"]);
    assert.deepEqual([standard?.tiers, standard?.model, standard?.lifecycle], ["standard", "claude-sonnet-4-5", "retired (end of life 2026-11-30)"]);
    assert.deepEqual([powerful?.tiers, powerful?.model, powerful?.lifecycle], ["powerful", "claude-opus-4-5", "deprecated (end of life 2027-01-22)"]);
    const opus = rows.find((row) => row.model === "claude-opus-5-5");
    assert.equal(opus?.tiers, "", "book models outside the tiers are listed too");
    assert.match(opus?.source ?? "", /^https:\/\/platform\.claude\.com\//);
  });

  it("shows the entry in force at --at, and the routing config's prices over the book's", async () => {
    const before = await listModels({}, ["--at", "2026-10-06T12:00:00Z"]);
    const after = await listModels({}, ["--at", "2026-10-07T00:00:00Z"]);
    assert.equal(before.find((row) => row.model === "claude-sonnet-5-5")?.cache_read, 0.2);
    assert.deepEqual(
      [after.find((row) => row.model === "claude-sonnet-5-5")?.cache_read, after.find((row) => row.model === "claude-sonnet-5-5")?.effective_from],
      [0.1, "2026-10-07"],
    );
    const configured = await listModels({ pricing: { "claude-opus-5-5": { effectiveFrom: "2026-01-01", inputPerMillion: 3, outputPerMillion: 15 } } });
    assert.deepEqual([configured[2]?.model, configured[2]?.input, configured[2]?.effective_from], ["claude-opus-5-5", 3, "2026-01-01"]);
  });

  it("refuses bad price data in the routing config with one line naming the model", async () => {
    const outcome = await runCommandLine(["models"], {
      environment: {
        SWITCHYARD_CONFIG: routingConfigFile({
          pricing: {
            "acme-1": [
              { effectiveFrom: "2026-01-01", inputPerMillion: 1, outputPerMillion: 2 },
              { effectiveFrom: "2026-01-01", inputPerMillion: 2, outputPerMillion: 3 },
            ],
          },
        }),
      },
    });
    assert.equal(outcome.exitCode, 2);
    assert.equal(outcome.stderr.trimEnd().split("\n").length, 1, outcome.stderr);
    assert.match(outcome.stderr, /pricing\.acme-1\.1\.effectiveFrom: two entries take effect on 2026-01-01/);
  });
});
