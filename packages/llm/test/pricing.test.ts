import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { createLogger, Registry } from "@switchyard/platform";
import { computeCostUsd, createPricingCatalog, DEFAULT_PRICE_LIST } from "../src/index";

const NO_CACHE = { cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

function assertUsd(actual: number | null, expected: number) {
  assert.notEqual(actual, null);
  assert.ok(Math.abs((actual as number) - expected) < 1e-12, `${actual} ≠ ${expected}`);
}

describe("pricing catalog", () => {
  it("carries the published prices the contract requires, with a date", () => {
    const required: Array<[string, number, number]> = [
      ["claude-3-haiku", 0.25, 1.25],
      ["claude-3-5-sonnet", 3, 15],
      ["claude-3-opus", 15, 75],
      ["claude-haiku-4-5", 1, 5],
      ["claude-sonnet-4-5", 3, 15],
      ["claude-opus-4-1", 15, 75],
      ["claude-opus-4-5", 5, 25],
    ];
    const catalog = createPricingCatalog();
    for (const [model, input, output] of required) {
      const price = catalog.priceOf(model);
      assert.equal(price?.inputPerMillion, input, model);
      assert.equal(price?.outputPerMillion, output, model);
    }
    assert.match(DEFAULT_PRICE_LIST.takenOn, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(catalog.pricesTakenOn, DEFAULT_PRICE_LIST.takenOn);
  });

  it("prices cache writes at 1.25× (5 minutes) and 2× (1 hour) input, reads at 0.1×", () => {
    const price = createPricingCatalog().priceOf("claude-opus-4-5");
    assert.deepEqual(price, { inputPerMillion: 5, outputPerMillion: 25, cacheWrite5mPerMillion: 6.25, cacheWrite1hPerMillion: 10, cacheReadPerMillion: 0.5 });
    assert.deepEqual(createPricingCatalog().priceOf("claude-3-5-haiku"), {
      inputPerMillion: 0.8,
      outputPerMillion: 4,
      cacheWrite5mPerMillion: 1,
      cacheWrite1hPerMillion: 1.6,
      cacheReadPerMillion: 0.08,
    });
  });

  it("resolves dated ids, -latest and the -0 aliases", () => {
    const catalog = createPricingCatalog();
    assert.equal(catalog.priceOf("claude-3-5-sonnet-20241022")?.inputPerMillion, 3);
    assert.equal(catalog.priceOf("claude-3-haiku-20240307")?.inputPerMillion, 0.25);
    assert.equal(catalog.priceOf("claude-haiku-4-5-20251001")?.inputPerMillion, 1);
    assert.equal(catalog.priceOf("claude-opus-4-5-20251101")?.outputPerMillion, 25);
    assert.equal(catalog.priceOf("claude-3-opus-latest")?.inputPerMillion, 15);
    assert.equal(catalog.priceOf("claude-opus-4-0")?.inputPerMillion, 15);
    assert.equal(catalog.priceOf("claude-opus-4-5-2025"), null, "only an 8-digit date suffix is stripped");
  });

  it("takes overrides and additions, filling cache prices from the multipliers", () => {
    const catalog = createPricingCatalog({
      overrides: {
        "claude-sonnet-4-5": { inputPerMillion: 2, outputPerMillion: 10, cacheReadPerMillion: 0.1 },
        "acme-model": { inputPerMillion: 4, outputPerMillion: 8 },
        "claude-3-5-sonnet-20241022": { inputPerMillion: 1, outputPerMillion: 1 },
      },
    });
    assert.deepEqual(catalog.priceOf("claude-sonnet-4-5"), { inputPerMillion: 2, outputPerMillion: 10, cacheWrite5mPerMillion: 2.5, cacheWrite1hPerMillion: 4, cacheReadPerMillion: 0.1 });
    assert.deepEqual(catalog.priceOf("acme-model"), { inputPerMillion: 4, outputPerMillion: 8, cacheWrite5mPerMillion: 5, cacheWrite1hPerMillion: 8, cacheReadPerMillion: 0.4 });
    assert.equal(catalog.priceOf("claude-3-5-sonnet-20241022")?.inputPerMillion, 1, "an exact id wins over the alias rule");
    assert.equal(catalog.priceOf("claude-3-5-sonnet")?.inputPerMillion, 3);
    assert.ok(catalog.models().includes("acme-model"));
  });
});

describe("computeCostUsd", () => {
  const catalog = createPricingCatalog();

  it("input × in + output × out, per million", () => {
    // 1,000 × $3 + 500 × $15 = $10,500 per million = $0.0105
    assertUsd(computeCostUsd({ inputTokens: 1_000, outputTokens: 500, ...NO_CACHE }, catalog.priceOf("claude-sonnet-4-5")!), 0.0105);
    // 2,000 × $0.25 + 1,000 × $1.25 = $1,750 per million
    assertUsd(catalog.costOf("claude-3-haiku-20240307", { inputTokens: 2_000, outputTokens: 1_000, ...NO_CACHE }), 0.00175);
  });

  it("adds cache writes at the 5-minute price and cache reads at the read price", () => {
    // opus 4.5: 2,000 × 5 + 300 × 25 + 10,000 × 6.25 + 50,000 × 0.5 = 10,000 + 7,500 + 62,500 + 25,000 = 105,000
    const usage = { inputTokens: 2_000, outputTokens: 300, cacheCreationInputTokens: 10_000, cacheReadInputTokens: 50_000 };
    assertUsd(catalog.costOf("claude-opus-4-5", usage), 0.105);
  });

  it("prices the 1-hour share of cache writes at the 1-hour price", () => {
    // haiku 4.5: 100 × 1 + 40 × 5 + 2,000 × 1.25 (5m) + 1,000 × 2 (1h) + 500 × 0.1 = 100 + 200 + 2,500 + 2,000 + 50 = 4,850
    const usage = { inputTokens: 100, outputTokens: 40, cacheCreationInputTokens: 3_000, cacheReadInputTokens: 500, cacheCreation5mInputTokens: 2_000, cacheCreation1hInputTokens: 1_000 };
    assertUsd(catalog.costOf("claude-haiku-4-5", usage), 0.00485);
  });

  it("uses Claude 3 Haiku's published cache prices", () => {
    // 0 in, 0 out, 1,000,000 × 0.30 (5m write) + 1,000,000 × 0.03 (read) = 0.33
    assertUsd(catalog.costOf("claude-3-haiku", { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 1_000_000, cacheReadInputTokens: 1_000_000 }), 0.33);
  });

  it("is 0 for a known model with no tokens", () => {
    assert.equal(catalog.costOf("claude-opus-4-1", { inputTokens: 0, outputTokens: 0, ...NO_CACHE }), 0);
  });
});

describe("unknown models", () => {
  it("cost null (never 0), a counter per call and one warning per model", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const registry = new Registry();
    const catalog = createPricingCatalog({ logger: createLogger({ name: "test", destination }), registry });
    const usage = { inputTokens: 10, outputTokens: 10, ...NO_CACHE };
    assert.equal(catalog.costOf("gpt-9", usage), null);
    assert.equal(catalog.costOf("gpt-9", usage), null);
    assert.equal(catalog.costOf("claude-opus-9", usage), null);
    const metric = await registry.getSingleMetric("switchyard_pricing_unknown_model_calls_total")?.get();
    const byModel = Object.fromEntries((metric?.values ?? []).map((value) => [value.labels.model, value.value]));
    assert.deepEqual(byModel, { "gpt-9": 2, "claude-opus-9": 1 });
    const warnings = lines.map((line) => JSON.parse(line) as { level: string; model: string }).filter((line) => line.level === "warn");
    assert.deepEqual(warnings.map((line) => line.model), ["gpt-9", "claude-opus-9"]);
  });

  it("shares the counter when two catalogs use one registry", () => {
    const registry = new Registry();
    createPricingCatalog({ registry });
    assert.doesNotThrow(() => createPricingCatalog({ registry }));
  });
});
