import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ConfigurationError } from "@switchyard/platform";
import { REPORT_DEFINITIONS, listPlaceholders, listReports, renderReportSql } from "../src";
import { PRICES } from "./support/usage-fixture";

const LINEUP = [
  { tier: "fast", inputPerMillion: 1, outputPerMillion: 5, cacheWrite5mPerMillion: 1.25, cacheReadPerMillion: 0.1 },
  { tier: "powerful", inputPerMillion: 5, outputPerMillion: 25, cacheWrite5mPerMillion: 6.25, cacheReadPerMillion: 0.5 },
];
const period = { from: "2024-05-01T00:00:00Z", to: "2024-05-08T00:00:00Z" };

describe("listReports", () => {
  it("describes every report with its parameters, columns and SQL file", () => {
    const reports = listReports();
    assert.deepEqual(
      reports.map((report) => report.name),
      [
        "cost-by-day",
        "tenant-cost-by-day",
        "tier-mix",
        "cost-anomalies",
        "cost-per-call-drift",
        "savings",
        "savings-by-lever",
        "top-spenders",
        "shadow",
        "policy-history",
        "alerts",
        "lineup-savings",
      ],
    );
    for (const report of reports) {
      assert.ok(report.description.length > 20);
      assert.deepEqual(
        report.parameters.slice(0, 2).map((parameter) => parameter.name),
        ["from", "to"],
      );
      assert.ok(report.columns.length > 0);
      assert.ok(readFileSync(report.sqlFile, "utf8").startsWith(`-- ${report.name}:`));
    }
  });

  it("declares every placeholder of every SQL file as a parameter", () => {
    for (const definition of REPORT_DEFINITIONS) {
      const rendered = renderReportSql(definition.name, {
        ...period,
        ...(definition.name.startsWith("savings") ? { prices: PRICES } : {}),
        ...(definition.name === "lineup-savings" ? { prices: LINEUP } : {}),
      });
      assert.equal(listPlaceholders(rendered.sql).length, 0, definition.name);
      assert.ok(!rendered.sql.includes("--"), `${definition.name}: comments are stripped before sending`);
    }
  });
});

describe("report parameters", () => {
  const failsOn = (setting: string, run: () => unknown) =>
    assert.throws(run, (error: unknown) => error instanceof ConfigurationError && error.setting === setting);

  it("coerces command-line strings and applies defaults", () => {
    const { parameters } = renderReportSql("cost-anomalies", { ...period, k: "2.5" });
    assert.equal(parameters.k, 2.5);
    assert.equal(parameters.baselineHours, 168);
    assert.equal(parameters.minBaselineHours, 24);
    assert.deepEqual(parameters.from, new Date("2024-05-01T00:00:00Z"));
  });

  it("defaults the period to the report's length before now", () => {
    const now = new Date("2024-05-10T12:00:00Z");
    const { parameters } = renderReportSql("tier-mix", {}, { now });
    assert.deepEqual(parameters.to, now);
    assert.deepEqual(parameters.from, new Date("2024-05-09T12:00:00Z"));
  });

  it("names the parameter that is wrong", () => {
    failsOn("report", () => renderReportSql("no-such-report", period));
    failsOn("k", () => renderReportSql("cost-anomalies", { ...period, k: "many" }));
    failsOn("k", () => renderReportSql("cost-anomalies", { ...period, k: -1 }));
    failsOn("from", () => renderReportSql("cost-by-day", { from: "not a date", to: period.to }));
    failsOn("from", () => renderReportSql("cost-by-day", { from: period.to, to: period.from }));
    failsOn("limit", () => renderReportSql("top-spenders", { ...period, limit: "0" }));
    failsOn("prices", () => renderReportSql("savings", period));
    failsOn("prices.0.inputPerMillion", () => renderReportSql("savings", { ...period, prices: [{ ...PRICES[0], inputPerMillion: -1 }] }));
    failsOn("surprise", () => renderReportSql("cost-by-day", { ...period, surprise: 1 }));
  });

  it("refuses empty and lenient values instead of reading them as 0 or a guessed date, quoting the value", () => {
    const failsWith = (setting: string, quoted: string, run: () => unknown) =>
      assert.throws(
        run,
        (error: unknown) => error instanceof ConfigurationError && error.setting === setting && error.message.includes(quoted) && !error.message.includes("\n"),
      );
    failsWith("target", 'got ""', () => renderReportSql("shadow", { ...period, target: "" }));
    failsWith("k", 'got " "', () => renderReportSql("cost-anomalies", { ...period, k: " " }));
    failsWith("limit", 'got "0x10"', () => renderReportSql("top-spenders", { ...period, limit: "0x10" }));
    failsWith("from", 'got "2024"', () => renderReportSql("cost-by-day", { from: "2024", to: period.to }));
    failsWith("to", 'got "May 2, 2024"', () => renderReportSql("cost-by-day", { from: period.from, to: "May 2, 2024" }));
    failsWith("from", 'got "2024-05-01T00:00:00"', () => renderReportSql("cost-by-day", { from: "2024-05-01T00:00:00", to: period.to }));
  });

  it("keeps hostile parameter values inside literals", () => {
    const { sql } = renderReportSql("savings", {
      ...period,
      prices: [{ ...PRICES[0], model: "x'); DROP TABLE llm_usage; --" }],
      baselineModels: { "it's": "a\\'b" },
    });
    assert.ok(sql.includes("'x\\'); DROP TABLE llm_usage; --'"));
    assert.ok(sql.includes("tuple('it\\'s', 'a\\\\\\'b')"));
  });
});
