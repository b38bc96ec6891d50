import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { createLogger, Registry } from "@switchyard/platform";
import { ConfigurationError } from "@switchyard/platform";
import { ANTHROPIC_PRICE_BOOK, computeCostUsd, createPricingCatalog, SINCE_RELEASE, type PriceOverrides } from "../src/index";

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
    assert.equal(catalog.pricesTakenOn, "2026-11-30");
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
    assert.deepEqual(catalog.priceOf("claude-sonnet-4-5"), {
      inputPerMillion: 2,
      outputPerMillion: 10,
      cacheWrite5mPerMillion: 2.5,
      cacheWrite1hPerMillion: 4,
      cacheReadPerMillion: 0.1,
    });
    assert.deepEqual(catalog.priceOf("acme-model"), {
      inputPerMillion: 4,
      outputPerMillion: 8,
      cacheWrite5mPerMillion: 5,
      cacheWrite1hPerMillion: 8,
      cacheReadPerMillion: 0.4,
    });
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
    const usage = {
      inputTokens: 100,
      outputTokens: 40,
      cacheCreationInputTokens: 3_000,
      cacheReadInputTokens: 500,
      cacheCreation5mInputTokens: 2_000,
      cacheCreation1hInputTokens: 1_000,
    };
    assertUsd(catalog.costOf("claude-haiku-4-5", usage), 0.00485);
  });

  it("uses Claude 3 Haiku's published cache prices", () => {
    // 0 in, 0 out, 1,000,000 × 0.30 (5m write) + 1,000,000 × 0.03 (read) = 0.33
    assertUsd(
      catalog.costOf("claude-3-haiku", { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 1_000_000, cacheReadInputTokens: 1_000_000 }),
      0.33,
    );
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
    assert.deepEqual(
      warnings.map((line) => line.model),
      ["gpt-9", "claude-opus-9"],
    );
  });

  it("shares the counter when two catalogs use one registry", () => {
    const registry = new Registry();
    createPricingCatalog({ registry });
    assert.doesNotThrow(() => createPricingCatalog({ registry }));
  });
});

describe("the dated price book", () => {
  const catalog = createPricingCatalog();
  const usage = (input: number, output: number, cacheCreation = 0, cacheRead = 0) => ({
    inputTokens: input,
    outputTokens: output,
    cacheCreationInputTokens: cacheCreation,
    cacheReadInputTokens: cacheRead,
  });

  it("every shipped entry names an https source page and the day it was checked", () => {
    for (const [model, entries] of Object.entries(ANTHROPIC_PRICE_BOOK)) {
      assert.ok(entries.length > 0, model);
      for (const entry of entries) {
        assert.match(entry.source ?? "", /^https:\/\/platform\.claude\.com\/docs\/en\//, `${model} ${entry.effectiveFrom}`);
        assert.equal(entry.checkedOn, "2026-11-30", model);
        assert.match(entry.effectiveFrom, /^\d{4}-\d{2}-\d{2}$/, model);
        for (const rate of [
          entry.inputPerMillion,
          entry.outputPerMillion,
          entry.cacheWrite5mPerMillion,
          entry.cacheWrite1hPerMillion,
          entry.cacheReadPerMillion,
        ]) {
          assert.ok(Number.isFinite(rate) && rate >= 0, model);
        }
        assert.equal(entry.batchDiscount, 0.5, model);
      }
    }
  });

  it("carries today's lineup at the prices published on 2026-11-30", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    assert.deepEqual(catalog.priceOf("claude-haiku-5-5", now), {
      inputPerMillion: 0.1,
      outputPerMillion: 0.5,
      cacheWrite5mPerMillion: 0.125,
      cacheWrite1hPerMillion: 0.2,
      cacheReadPerMillion: 0.01,
    });
    assert.deepEqual(catalog.priceOf("claude-sonnet-5-5", now), {
      inputPerMillion: 2,
      outputPerMillion: 10,
      cacheWrite5mPerMillion: 2.5,
      cacheWrite1hPerMillion: 4,
      cacheReadPerMillion: 0.1,
    });
    assert.deepEqual(catalog.priceOf("claude-opus-5-5", now), {
      inputPerMillion: 4,
      outputPerMillion: 20,
      cacheWrite5mPerMillion: 5,
      cacheWrite1hPerMillion: 8,
      cacheReadPerMillion: 0.2,
    });
  });

  it("prices a call before and after an effectiveFrom differently (Sonnet 5.5's cache-read cut of 2026-10-07)", () => {
    const calls = usage(1_000, 100, 0, 1_000_000);
    // before: 1,000 × 2 + 100 × 10 + 1,000,000 × 0.20 = 2,000 + 1,000 + 200,000 per million
    assertUsd(catalog.costOf("claude-sonnet-5-5", calls, new Date("2026-10-06T23:59:59Z")), 0.203);
    // from the day of the cut: 1,000,000 × 0.10
    assertUsd(catalog.costOf("claude-sonnet-5-5", calls, new Date("2026-10-07T00:00:00Z")), 0.103);
    assert.equal(catalog.entryOf("claude-sonnet-5-5", new Date("2026-10-06T00:00:00Z"))?.effectiveFrom, SINCE_RELEASE);
    assert.equal(catalog.entryOf("claude-sonnet-5-5", new Date("2026-11-30T00:00:00Z"))?.effectiveFrom, "2026-10-07");
  });

  it("prices a long-context request whole at the higher band (prompt tokens count cache reads and writes)", () => {
    // 100,000 prompt tokens: not above the threshold; 60,000 × 0.10 + 30,000 × 0.125 + 10,000 × 0.01 + 1,000 × 0.50
    assertUsd(catalog.costOf("claude-haiku-5-5", usage(60_000, 1_000, 30_000, 10_000)), (6_000 + 3_750 + 100 + 500) / 1e6);
    // 100,001 prompt tokens: every token at the band: 60,001 × 0.50 + 30,000 × 0.625 + 10,000 × 0.05 + 1,000 × 2.50
    assertUsd(catalog.costOf("claude-haiku-5-5", usage(60_001, 1_000, 30_000, 10_000)), (30_000.5 + 18_750 + 500 + 2_500) / 1e6);
  });

  it("prices 1-hour cache writes at their own rate, in the band too", () => {
    const split = { ...usage(1_000, 0, 200_000, 0), cacheCreation5mInputTokens: 50_000, cacheCreation1hInputTokens: 150_000 };
    // above 100k: 1,000 × 0.50 + 50,000 × 0.625 + 150,000 × 1.00
    assertUsd(catalog.costOf("claude-haiku-5-5", split), (500 + 31_250 + 150_000) / 1e6);
    // Opus 5.5: 1,000 × 4 + 50,000 × 5 + 150,000 × 8
    assertUsd(catalog.costOf("claude-opus-5-5", split), (4_000 + 250_000 + 1_200_000) / 1e6);
  });

  it("is null for a model missing from the book, at any time", () => {
    assert.equal(catalog.costOf("claude-fable-5-2", usage(10, 10)), null);
    assert.equal(catalog.priceOf("claude-unknown-9", new Date("2020-01-01T00:00:00Z")), null);
  });

  it("takes dated entries from the config, which replace the shipped ones of that model", () => {
    const overrides: PriceOverrides = {
      "claude-opus-5-5": [
        {
          effectiveFrom: "2026-12-01",
          inputPerMillion: 3,
          outputPerMillion: 15,
          cacheWrite5mPerMillion: 3.75,
          cacheWrite1hPerMillion: 6,
          cacheReadPerMillion: 0.15,
        },
        {
          effectiveFrom: "2026-09-01",
          inputPerMillion: 3.5,
          outputPerMillion: 18,
          cacheWrite5mPerMillion: 4,
          cacheWrite1hPerMillion: 7,
          cacheReadPerMillion: 0.2,
        },
      ],
    };
    const configured = createPricingCatalog({ overrides });
    assert.equal(configured.priceOf("claude-opus-5-5", new Date("2026-11-30T00:00:00Z"))?.inputPerMillion, 3.5);
    assert.equal(configured.priceOf("claude-opus-5-5", new Date("2026-12-01T00:00:00Z"))?.inputPerMillion, 3);
    assert.equal(configured.entriesOf("claude-opus-5-5")?.length, 2, "the shipped entry is not mixed in");
    assert.equal(configured.priceOf("claude-sonnet-5-5")?.inputPerMillion, 2, "other models keep the book");
  });

  it("stops at bad price data with one line naming the model and the problem", () => {
    const cases: Array<[PriceOverrides, RegExp]> = [
      [{ "acme-1": { inputPerMillion: -1, outputPerMillion: 2 } }, /pricing of acme-1: .*inputPerMillion is negative/],
      [
        {
          "acme-2": [
            { effectiveFrom: "2026-01-01", inputPerMillion: 1, outputPerMillion: 2 },
            { effectiveFrom: "2026-01-01", inputPerMillion: 2, outputPerMillion: 3 },
          ],
        },
        /pricing of acme-2: two entries take effect on 2026-01-01/,
      ],
      [
        { "acme-3": { inputPerMillion: 1, outputPerMillion: 2, bands: [{ inputPerMillion: 2, outputPerMillion: 4 } as never] } as never },
        /pricing of acme-3: .*band without a threshold/,
      ],
      [{ "acme-4": { inputPerMillion: 1, outputPerMillion: 2, cachePerMillion: 1 } as never }, /pricing of acme-4: .*unknown field cachePerMillion/],
      [{ "acme-5": { effectiveFrom: "yesterday", inputPerMillion: 1, outputPerMillion: 2 } }, /pricing of acme-5: .*effectiveFrom must be a day/],
    ];
    for (const [overrides, message] of cases) {
      assert.throws(
        () => createPricingCatalog({ overrides }),
        (error: unknown) => error instanceof ConfigurationError && message.test(error.message) && !error.message.includes("\n"),
        String(message),
      );
    }
  });

  it("refuses a shipped book without sources", () => {
    const book = {
      "acme-1": [
        {
          effectiveFrom: SINCE_RELEASE,
          inputPerMillion: 1,
          outputPerMillion: 2,
          cacheWrite5mPerMillion: 1,
          cacheWrite1hPerMillion: 2,
          cacheReadPerMillion: 0.1,
        },
      ],
    };
    assert.throws(() => createPricingCatalog({ book }), /price book: pricing of acme-1: .*no source page/);
  });
});
