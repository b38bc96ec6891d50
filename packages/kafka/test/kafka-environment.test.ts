import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError, parseEnvironment } from "@switchyard/platform";
import { KafkaEnvironmentSchema } from "../src/index";

describe("the KAFKA_* environment fragment", () => {
  it("defaults to the local broker and splits a broker list", () => {
    assert.deepEqual(parseEnvironment(KafkaEnvironmentSchema, {}).KAFKA_BROKERS, ["127.0.0.1:9092"]);
    assert.deepEqual(parseEnvironment(KafkaEnvironmentSchema, { KAFKA_BROKERS: "a:9092, b:9093" }).KAFKA_BROKERS, ["a:9092", "b:9093"]);
  });
  it("names the setting and the problem", () => {
    assert.throws(
      () => parseEnvironment(KafkaEnvironmentSchema, { KAFKA_BROKERS: "no-port" }),
      (error: unknown) => error instanceof ConfigurationError && error.setting.startsWith("KAFKA_BROKERS") && /host:port/.test(error.message),
    );
  });
  it("refuses impossible ports at start", () => {
    for (const brokers of ["a:0", "a:99999", "a:9092,b:65536"]) {
      assert.throws(
        () => parseEnvironment(KafkaEnvironmentSchema, { KAFKA_BROKERS: brokers }),
        (error: unknown) => error instanceof ConfigurationError && /KAFKA_BROKERS/.test(error.setting),
        brokers,
      );
    }
  });
});
