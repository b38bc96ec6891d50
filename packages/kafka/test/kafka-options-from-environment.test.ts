import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigurationError, parseEnvironment } from "@switchyard/platform";
import { KafkaEnvironmentSchema } from "../src/index";
import { kafkaOptionsFromEnvironment } from "../src/index";

const defaults = { clientId: "switchyard-router" };

test("defaults: the local broker, plaintext, no SASL", () => {
  const options = kafkaOptionsFromEnvironment(parseEnvironment(KafkaEnvironmentSchema, {}), defaults);
  assert.deepEqual(options, { brokers: ["127.0.0.1:9092"], clientId: "switchyard-router", ssl: false, topics: {} });
});

test("TLS with a CA file and SCRAM credentials", () => {
  const directory = mkdtempSync(join(tmpdir(), "switchyard-kafka-"));
  const caFile = join(directory, "ca.pem");
  writeFileSync(caFile, "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
  const environment = parseEnvironment(KafkaEnvironmentSchema, {
    KAFKA_BROKERS: "b1:9093,b2:9093",
    KAFKA_CLIENT_ID: "custom",
    KAFKA_SSL: "true",
    KAFKA_SSL_CA_FILE: caFile,
    KAFKA_SSL_REJECT_UNAUTHORIZED: "false",
    KAFKA_SASL_MECHANISM: "scram-sha-512",
    KAFKA_SASL_USERNAME: "svc",
    KAFKA_SASL_PASSWORD: "pw",
  });
  const options = kafkaOptionsFromEnvironment(environment, defaults);
  assert.deepEqual(options.brokers, ["b1:9093", "b2:9093"]);
  assert.equal(options.clientId, "custom");
  assert.deepEqual(options.ssl, { rejectUnauthorized: false, ca: ["-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"] });
  assert.deepEqual(options.sasl, { mechanism: "scram-sha-512", username: "svc", password: "pw" });
});

test("a SASL mechanism without credentials, or an unreadable CA file, names the setting", () => {
  const missingUser = parseEnvironment(KafkaEnvironmentSchema, { KAFKA_SASL_MECHANISM: "plain" });
  assert.throws(
    () => kafkaOptionsFromEnvironment(missingUser, defaults),
    (error: unknown) => error instanceof ConfigurationError && error.setting === "KAFKA_SASL_USERNAME",
  );
  const missingPassword = parseEnvironment(KafkaEnvironmentSchema, { KAFKA_SASL_MECHANISM: "plain", KAFKA_SASL_USERNAME: "u" });
  assert.throws(
    () => kafkaOptionsFromEnvironment(missingPassword, defaults),
    (error: unknown) => error instanceof ConfigurationError && error.setting === "KAFKA_SASL_PASSWORD",
  );
  const userWithoutMechanism = parseEnvironment(KafkaEnvironmentSchema, { KAFKA_SASL_USERNAME: "u" });
  assert.throws(
    () => kafkaOptionsFromEnvironment(userWithoutMechanism, defaults),
    (error: unknown) => error instanceof ConfigurationError && error.setting === "KAFKA_SASL_MECHANISM",
  );
  const badCa = parseEnvironment(KafkaEnvironmentSchema, { KAFKA_SSL_CA_FILE: "/nonexistent/ca.pem" });
  assert.throws(
    () => kafkaOptionsFromEnvironment(badCa, defaults),
    (error: unknown) => error instanceof ConfigurationError && error.setting === "KAFKA_SSL_CA_FILE",
  );
});
