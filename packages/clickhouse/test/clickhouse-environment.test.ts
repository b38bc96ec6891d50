import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError, parseEnvironment } from "@switchyard/platform";
import { ClickHouseEnvironmentSchema, serverStoreOptionsFromEnvironment } from "../src/index";

describe("the CLICKHOUSE_* environment fragment", () => {
  it("applies the defaults, an empty value counting as unset", () => {
    const clickhouse = parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_URL: "" });
    assert.equal(clickhouse.CLICKHOUSE_URL, "http://127.0.0.1:8123");
    assert.equal(clickhouse.CLICKHOUSE_DATABASE, "switchyard");
    assert.equal(clickhouse.CLICKHOUSE_USER, "default");
  });
  it("refuses URLs no HTTP client can use and odd database names, at start", () => {
    for (const url of ["not a url", "clickhouse://db:9000", "tcp://db:9000", "http://db:0", "ftp://db"]) {
      assert.throws(
        () => parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_URL: url }),
        (error: unknown) => error instanceof ConfigurationError && error.setting === "CLICKHOUSE_URL",
        url,
      );
    }
    assert.throws(
      () => parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_DATABASE: "a-b; DROP" }),
      (error: unknown) => error instanceof ConfigurationError && error.setting === "CLICKHOUSE_DATABASE",
    );
    assert.equal(parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_URL: "https://db.example:8443" }).CLICKHOUSE_URL, "https://db.example:8443");
  });

  it("sends requests uncompressed unless asked for gzip, and refuses any other value naming it", () => {
    assert.equal(parseEnvironment(ClickHouseEnvironmentSchema, {}).CLICKHOUSE_REQUEST_COMPRESSION, "none");
    const gzip = parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_REQUEST_COMPRESSION: "gzip", CLICKHOUSE_CLUSTER: "replicas" });
    assert.deepEqual(serverStoreOptionsFromEnvironment(gzip), {
      url: "http://127.0.0.1:8123",
      username: "default",
      password: "",
      database: "switchyard",
      cluster: "replicas",
      requestCompression: "gzip",
    });
    assert.throws(
      () => parseEnvironment(ClickHouseEnvironmentSchema, { CLICKHOUSE_REQUEST_COMPRESSION: "zstd" }),
      (error: unknown) => error instanceof ConfigurationError && error.message.includes("CLICKHOUSE_REQUEST_COMPRESSION"),
    );
  });
});
