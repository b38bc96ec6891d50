import { StorageError } from "../src/index";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SwitchyardError } from "@switchyard/platform";
import {
  classifyClickHouseStartupError,
  classifyStorageError,
  detectCapabilities,
  isVersionAtLeast,
  parseServerVersion,
  readClickHouseErrorCode,
} from "../src";

describe("readClickHouseErrorCode", () => {
  it("reads 18.16 messages, newer client errors and chDB errors", () => {
    assert.equal(readClickHouseErrorCode(new Error("Code: 62, e.displayText() = DB::Exception: Syntax error")), 62);
    assert.equal(readClickHouseErrorCode(new Error("Code: 60. DB::Exception: Unknown table")), 60);
    assert.equal(readClickHouseErrorCode(Object.assign(new Error("x"), { code: "241" })), 241);
    assert.equal(readClickHouseErrorCode(Object.assign(new Error("x"), { code: "CHDB_QUERY", clickhouseCode: 47 })), 47);
    assert.equal(readClickHouseErrorCode(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })), undefined);
    assert.equal(readClickHouseErrorCode("text"), undefined);
  });
});

describe("classifyStorageError", () => {
  const classify = (error: unknown) => classifyStorageError(error, "query");

  it("treats network failures and server-side conditions as unavailable (retryable)", () => {
    for (const error of [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      new Error("Timeout error."),
      new Error("Code: 241, e.displayText() = DB::Exception: Memory limit exceeded"),
      new Error("Code: 60, e.displayText() = DB::Exception: Table x.llm_usage doesn't exist."),
      new Error("Code: 516. DB::Exception: default: Authentication failed"),
    ]) {
      const classified = classify(error);
      assert.ok(classified instanceof StorageError);
      assert.equal(classified.code, "storage_unavailable");
      assert.equal(classified.retryable, true);
      assert.equal(classified.cause, error);
    }
  });

  it("treats statement and data errors as rejected (not retryable)", () => {
    for (const error of [
      new Error("Code: 62, e.displayText() = DB::Exception: Syntax error"),
      new Error("Code: 41, e.displayText() = DB::Exception: Cannot parse datetime"),
      Object.assign(new Error("Cannot read DateTime"), { code: "CHDB_INSERT", clickhouseCode: 41 }),
      new TypeError("Do not know how to serialize a BigInt"),
    ]) {
      const classified = classify(error);
      assert.equal(classified.code, "storage_rejected");
      assert.equal(classified.retryable, false);
      assert.equal(classified.cause, error);
    }
  });

  it("passes our own errors through", () => {
    const closed = new SwitchyardError("shutting_down", "closed");
    assert.equal(classify(closed), closed);
  });
});

describe("server versions", () => {
  it("parses and compares", () => {
    assert.deepEqual(parseServerVersion("18.16.1"), { major: 18, minor: 16 });
    assert.deepEqual(parseServerVersion("26.7.2.1"), { major: 26, minor: 7 });
    assert.deepEqual(parseServerVersion("garbage"), { major: 0, minor: 0 });
    assert.equal(isVersionAtLeast("22.3.1", "22.3"), true);
    assert.equal(isVersionAtLeast("22.2.9", "22.3"), false);
    assert.equal(isVersionAtLeast("23.1", "22.3"), true);
    assert.deepEqual(detectCapabilities("18.16.1"), { insertDeduplicationToken: false });
    assert.deepEqual(detectCapabilities("26.7.2.1"), { insertDeduplicationToken: true });
  });
});

describe("classifyClickHouseStartupError", () => {
  // What the store throws: the engine error wrapped as the store's own, with the cause chained.
  const fromStore = (error: unknown) => classifyStorageError(error, "command");

  it("waits out a server that is down, starting or not set up yet", () => {
    const cases: Array<[unknown, string]> = [
      [fromStore(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8123"), { code: "ECONNREFUSED" })), "ECONNREFUSED"],
      [fromStore(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })), "ECONNRESET"],
      [fromStore(new Error("Timeout error.")), "storage_unavailable"],
      [fromStore(new Error("Code: 81, e.displayText() = DB::Exception: Database switchyard doesn't exist")), "Code 81"],
    ];
    for (const [error, name] of cases) assert.deepEqual({ ...classifyClickHouseStartupError(error), detail: "" }, { kind: "transient", name, detail: "" });
  });

  it("stops on bad credentials, missing grants and rejected statements", () => {
    const cases: Array<[unknown, string]> = [
      [fromStore(new Error("Code: 516. DB::Exception: default: Authentication failed: password is incorrect")), "Code 516"],
      [fromStore(new Error("Code: 193, e.displayText() = DB::Exception: Wrong password for user default")), "Code 193"],
      [fromStore(new Error("Code: 497, e.displayText() = DB::Exception: default: Not enough privileges")), "Code 497"],
      [fromStore(new Error("Code: 62, e.displayText() = DB::Exception: Syntax error")), "Code 62"],
    ];
    for (const [error, name] of cases) {
      const condition = classifyClickHouseStartupError(error);
      assert.equal(condition.kind, "refused", name);
      assert.equal(condition.name, name);
    }
  });
});
