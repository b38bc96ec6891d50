import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { z } from "zod";
import { ConfigurationError, emptyToUndefined, httpUrl, integerSetting, isPortNumber, parseConfigFile, parseEnvironment } from "../src/index";

describe("parseEnvironment", () => {
  const ProbeEnvironmentSchema = z.object({
    PROBE_URL: z.preprocess(emptyToUndefined, httpUrl("expected a URL").default("http://127.0.0.1:8123")),
    PROBE_COUNT: integerSetting(3, 1, 10),
  });

  it("applies the schema's defaults, an empty value counting as unset", () => {
    assert.deepEqual(parseEnvironment(ProbeEnvironmentSchema, { PROBE_URL: "" }), { PROBE_URL: "http://127.0.0.1:8123", PROBE_COUNT: 3 });
  });
  it("names the setting and the problem", () => {
    assert.throws(
      () => parseEnvironment(ProbeEnvironmentSchema, { PROBE_COUNT: "11" }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "PROBE_COUNT" && /at most 10/.test(error.message),
    );
  });
  it("refuses URLs no HTTP client can use, at start", () => {
    for (const url of ["clickhouse://db:9000", "tcp://db:9000", "http://db:0", "ftp://db", "file:///etc/passwd"]) {
      assert.throws(
        () => parseEnvironment(ProbeEnvironmentSchema, { PROBE_URL: url }),
        (error: unknown) => error instanceof ConfigurationError && error.setting === "PROBE_URL",
        url,
      );
    }
    assert.equal(parseEnvironment(ProbeEnvironmentSchema, { PROBE_URL: "https://db.example:8443" }).PROBE_URL, "https://db.example:8443");
  });
  it("reads a port as 1..65535", () => {
    assert.deepEqual(["0", "1", "65535", "65536", "9x"].map(isPortNumber), [false, true, true, false, false]);
  });

  it("names the field of a bad config file", () => {
    const directory = mkdtempSync(join(tmpdir(), "switchyard-config-"));
    const path = join(directory, "routing.json");
    writeFileSync(path, JSON.stringify({ limits: { max: -1 } }));
    const schema = z.object({ limits: z.object({ max: z.number().min(0) }) });
    assert.throws(
      () => parseConfigFile(schema, path, "SWITCHYARD_CONFIG"),
      (error: unknown) => error instanceof ConfigurationError && error.message.includes("limits.max"),
    );
    writeFileSync(path, "{ not json");
    assert.throws(() => parseConfigFile(schema, path, "SWITCHYARD_CONFIG"), /not valid JSON/);
    assert.throws(() => parseConfigFile(schema, join(directory, "missing.json"), "SWITCHYARD_CONFIG"), /cannot read/);
  });
});

describe("runMain", () => {
  it("stops a process with one line and a non-zero exit code on a bad variable", () => {
    const script = `
      const { runMain, parseEnvironment, CommonEnvironmentSchema } = require(${JSON.stringify(join(__dirname, "..", "src", "index.js"))});
      runMain("probe", async () => { parseEnvironment(CommonEnvironmentSchema, process.env); process.stdout.write("started\\n"); });
    `;
    const result = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, LOG_LEVEL: "broken" }, encoding: "utf8" });
    assert.equal(result.status, 2);
    assert.equal(result.stdout, "");
    const lines = result.stderr.trim().split("\n");
    assert.equal(lines.length, 1, result.stderr);
    assert.match(lines[0] ?? "", /^probe: invalid configuration: LOG_LEVEL/);
    assert.ok(!result.stderr.includes("    at "), "no stack trace");
  });
});
