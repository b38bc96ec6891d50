import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ConfigurationError } from "@switchyard/platform";
import { DEFAULT_TIER_MODELS, loadRoutingConfig } from "../src/index";

function load(config: object) {
  const path = join(mkdtempSync(join(tmpdir(), "switchyard-routing-")), "routing.json");
  writeFileSync(path, JSON.stringify(config));
  return loadRoutingConfig(path);
}

describe("routing config: pricing and lifecycle", () => {
  it("defaults the tiers to today's lineup and refuses retired models unless told", () => {
    const config = load({});
    assert.deepEqual(config.models, DEFAULT_TIER_MODELS);
    assert.deepEqual(config.models, { fast: "claude-haiku-5-5", standard: "claude-sonnet-5-5", powerful: "claude-opus-5-5" });
    assert.equal(config.lifecycle.allowRetired, false);
  });

  it("takes one price or dated entries with bands", () => {
    const config = load({
      pricing: {
        "acme-1": { inputPerMillion: 1, outputPerMillion: 2 },
        "acme-2": [
          {
            effectiveFrom: "2026-01-01",
            inputPerMillion: 1,
            outputPerMillion: 2,
            bands: [{ abovePromptTokens: 100_000, inputPerMillion: 2, outputPerMillion: 4 }],
          },
          { effectiveFrom: "2026-06-01", inputPerMillion: 0.5, outputPerMillion: 1, source: "https://example.test/prices", checkedOn: "2026-05-20" },
        ],
      },
    });
    assert.equal(Array.isArray(config.pricing["acme-2"]), true);
  });

  it("stops at bad price data with one line naming the model and the problem", () => {
    const cases: Array<[object, RegExp]> = [
      [{ "acme-1": { inputPerMillion: -1, outputPerMillion: 2 } }, /pricing\.acme-1\.0\.inputPerMillion: .*>=0/],
      [
        {
          "acme-2": [
            { effectiveFrom: "2026-01-01", inputPerMillion: 1, outputPerMillion: 2 },
            { effectiveFrom: "2026-01-01", inputPerMillion: 2, outputPerMillion: 3 },
          ],
        },
        /pricing\.acme-2\.1\.effectiveFrom: two entries take effect on 2026-01-01/,
      ],
      [
        { "acme-3": { inputPerMillion: 1, outputPerMillion: 2, bands: [{ inputPerMillion: 2, outputPerMillion: 4 }] } },
        /pricing\.acme-3\.0\.bands\.0\.abovePromptTokens/,
      ],
      [{ "acme-4": { inputPerMillion: 1, outputPerMillion: 2, cachePerMillion: 1 } }, /pricing\.acme-4\.0: .*cachePerMillion/],
    ];
    for (const [pricing, message] of cases) {
      assert.throws(
        () => load({ pricing }),
        (error: unknown) => error instanceof ConfigurationError && message.test(error.message) && !error.message.includes("\n"),
        String(message),
      );
    }
  });
});
