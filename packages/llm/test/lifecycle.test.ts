import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { ConfigurationError, createLogger, Registry } from "@switchyard/platform";
import {
  anthropicLifecycleTable,
  assessModelLifecycle,
  checkConfiguredModels,
  parseSdkDeprecations,
  readSdkDeprecations,
  type LifecycleTable,
} from "../src/index";

const TABLE: LifecycleTable = {
  "acme-old": { endOfLife: "2026-11-30", source: "https://example.test/deprecations", checkedOn: "2026-11-30" },
  "acme-leaving": { endOfLife: "2027-01-22", source: "https://example.test/deprecations", checkedOn: "2026-11-30" },
};
const NOW = new Date("2026-11-30T09:00:00Z");

function captureLogger() {
  const lines: Array<{ level: string; msg: string; model?: string; endOfLife?: string; settings?: string[] }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
      callback();
    },
  });
  return { logger: createLogger({ name: "test", destination }), warnings: () => lines.filter((line) => line.level === "warn") };
}

describe("model lifecycle", () => {
  it("is retired from the first moment of its end-of-life day, deprecated before, active without a date", () => {
    assert.equal(assessModelLifecycle("acme-old", TABLE, new Date("2026-11-29T23:59:59Z")).status, "deprecated");
    assert.equal(assessModelLifecycle("acme-old", TABLE, new Date("2026-11-30T00:00:00Z")).status, "retired");
    assert.equal(assessModelLifecycle("acme-old-20250929", TABLE, NOW).status, "retired", "a dated id resolves to its model");
    assert.deepEqual(assessModelLifecycle("acme-new", TABLE, NOW), { model: "acme-new", status: "active", endOfLife: null, source: null });
  });

  it("reads the installed SDK's own deprecation table", () => {
    const sdk = readSdkDeprecations("2026-11-30");
    assert.equal(sdk["claude-sonnet-4-5"]?.endOfLife, "2026-11-30");
    assert.equal(sdk["claude-opus-4-5"]?.endOfLife, "2027-01-22");
    assert.match(sdk["claude-opus-4-5"]?.source ?? "", /^@anthropic-ai\/sdk \d+\.\d+\.\d+ deprecation table$/);
    assert.equal(anthropicLifecycleTable()["claude-sonnet-4-5"]?.endOfLife, "2026-11-30");
    assert.equal(anthropicLifecycleTable()["claude-3-opus"]?.endOfLife, "2026-01-05", "retired models the SDK no longer lists");
  });

  it("parses the SDK's written dates and leaves out what it cannot read", () => {
    const parsed = parseSdkDeprecations({ a: "January 22nd, 2027", b: "November 30th, 2026", c: "June 1st, 2026", d: "soon", e: 5 }, "sdk", "2026-11-30");
    assert.deepEqual(Object.fromEntries(Object.entries(parsed).map(([model, entry]) => [model, entry.endOfLife])), {
      a: "2027-01-22",
      b: "2026-11-30",
      c: "2026-06-01",
    });
    assert.deepEqual(parseSdkDeprecations(null, "sdk", "2026-11-30"), {});
  });
});

describe("checking the configured models at start", () => {
  it("stops on a retired model with one line naming the setting, the model and the date", () => {
    const { logger } = captureLogger();
    assert.throws(
      () =>
        checkConfiguredModels({ models: { "models.fast": "acme-new", "models.standard": "acme-old" }, table: TABLE, allowRetired: false, logger, now: NOW }),
      (error: unknown) =>
        error instanceof ConfigurationError &&
        error.setting === "models.standard" &&
        /acme-old reached end of life on 2026-11-30/.test(error.message) &&
        /lifecycle\.allowRetired/.test(error.message) &&
        !error.message.includes("\n"),
    );
  });

  it("warns once per deprecated model (however many tiers use it) and exposes its end of life as a gauge", async () => {
    const { logger, warnings } = captureLogger();
    const registry = new Registry();
    const assessed = checkConfiguredModels({
      models: { "models.fast": "acme-new", "models.standard": "acme-leaving", "models.powerful": "acme-leaving" },
      table: TABLE,
      allowRetired: false,
      logger,
      registry,
      now: NOW,
    });
    assert.deepEqual(
      assessed.map((lifecycle) => [lifecycle.model, lifecycle.status]),
      [
        ["acme-new", "active"],
        ["acme-leaving", "deprecated"],
      ],
    );
    assert.equal(warnings().length, 1);
    assert.equal(warnings()[0]?.model, "acme-leaving");
    assert.equal(warnings()[0]?.endOfLife, "2027-01-22");
    assert.deepEqual(warnings()[0]?.settings, ["models.standard", "models.powerful"]);
    const gauge = await registry.getSingleMetric("switchyard_model_end_of_life_seconds")?.get();
    assert.deepEqual(
      gauge?.values.map((value) => [value.labels.model, value.value]),
      [["acme-leaving", Date.parse("2027-01-22T00:00:00Z") / 1000]],
    );
  });

  it("starts with a retired model when allowed, with a warning", () => {
    const { logger, warnings } = captureLogger();
    checkConfiguredModels({ models: { "models.standard": "acme-old" }, table: TABLE, allowRetired: true, logger, now: NOW });
    assert.equal(warnings().length, 1);
    assert.match(warnings()[0]?.msg ?? "", /past its end of life/);
  });

  it("says nothing about today's default lineup", () => {
    const { logger, warnings } = captureLogger();
    checkConfiguredModels({
      models: { "models.fast": "claude-haiku-5-5", "models.standard": "claude-sonnet-5-5", "models.powerful": "claude-opus-5-5" },
      allowRetired: false,
      logger,
      now: NOW,
    });
    assert.equal(warnings().length, 0);
  });
});
