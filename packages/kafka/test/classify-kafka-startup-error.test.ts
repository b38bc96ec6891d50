import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KafkaJSAggregateError, KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSSASLAuthenticationError } from "kafkajs";
import { classifyKafkaStartupError } from "../src/index";
import { isStaleCoordinatorError, toTransportError } from "../src/classify-kafka-error";

// kafkajs builds protocol errors from its table of broker error codes: type, code, retriable, message.
function protocolError(type: string, code: number, retriable: boolean, message: string): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(message), { type, code, retriable }));
}

// What kafkajs' SASL authenticator throws; its declared constructor takes no arguments, the real one a message.
function saslFailure(): KafkaJSSASLAuthenticationError {
  const Construct = KafkaJSSASLAuthenticationError as unknown as new (message: string) => KafkaJSSASLAuthenticationError;
  return new Construct("SASL PLAIN authentication failed: Authentication failed");
}

const unknownTopic = () => protocolError("UNKNOWN_TOPIC_OR_PARTITION", 3, true, "This server does not host this topic-partition");

describe("classifyKafkaStartupError", () => {
  it("waits out the conditions of a broker that is starting, creating topics or electing leaders", () => {
    const cases: Array<[unknown, string]> = [
      [toTransportError("joining consumer group g", unknownTopic()), "UNKNOWN_TOPIC_OR_PARTITION"],
      [
        new KafkaJSNumberOfRetriesExceeded(protocolError("NOT_LEADER_FOR_PARTITION", 6, true, "This server is not the leader for that topic-partition"), {
          retryCount: 5,
          retryTime: 800,
        }),
        "NOT_LEADER_FOR_PARTITION",
      ],
      [
        protocolError("COORDINATOR_LOAD_IN_PROGRESS", 14, true, "The coordinator is loading and hence can't process requests for this group"),
        "COORDINATOR_LOAD_IN_PROGRESS",
      ],
      [protocolError("REBALANCE_IN_PROGRESS", 27, true, "The group is rebalancing, so a rejoin is needed"), "REBALANCE_IN_PROGRESS"],
      [
        toTransportError(
          "creating topics a",
          new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:9092", { broker: "127.0.0.1:9092", code: "ECONNREFUSED" }),
        ),
        "ECONNREFUSED",
      ],
      [new Error("something kafkajs did not foresee"), "Error"],
    ];
    for (const [error, name] of cases) {
      const condition = classifyKafkaStartupError(error);
      assert.equal(condition.kind, "transient", name);
      assert.equal(condition.name, name);
      assert.ok(condition.detail.length > 0);
    }
  });

  it("stops on authentication and authorisation failures, which waiting cannot heal", () => {
    const cases: Array<[unknown, string]> = [
      [toTransportError("creating topics a", saslFailure()), "KafkaJSSASLAuthenticationError"],
      [protocolError("SASL_AUTHENTICATION_FAILED", 58, false, "SASL Authentication failed"), "SASL_AUTHENTICATION_FAILED"],
      [
        toTransportError("joining consumer group g", protocolError("GROUP_AUTHORIZATION_FAILED", 30, false, "Not authorized to access group")),
        "GROUP_AUTHORIZATION_FAILED",
      ],
      [
        new KafkaJSNumberOfRetriesExceeded(
          protocolError("TOPIC_AUTHORIZATION_FAILED", 29, false, "Not authorized to access topics: [Topic authorization failed]"),
          { retryCount: 0, retryTime: 0 },
        ),
        "TOPIC_AUTHORIZATION_FAILED",
      ],
    ];
    for (const [error, name] of cases) {
      const condition = classifyKafkaStartupError(error);
      assert.equal(condition.kind, "refused", name);
      assert.equal(condition.name, name);
    }
  });

  it("looks inside the per-topic errors of a createTopics that failed", () => {
    const refused = new KafkaJSAggregateError("Topic creation errors", [
      protocolError("TOPIC_ALREADY_EXISTS", 36, false, "Topic with this name already exists"),
      protocolError("POLICY_VIOLATION", 44, false, "Request parameters do not satisfy the configured policy"),
    ]);
    const condition = classifyKafkaStartupError(toTransportError("creating topics a, b", refused));
    assert.deepEqual({ kind: condition.kind, name: condition.name }, { kind: "refused", name: "POLICY_VIOLATION" });
  });

  it("waits out INVALID_REPLICATION_FACTOR: a broker starting or stopping has no registered broker for a moment", () => {
    const starting = new KafkaJSAggregateError("Topic creation errors", [
      protocolError("INVALID_REPLICATION_FACTOR", 38, false, "Unable to replicate the partition 1 time(s): only 0 broker(s) are registered"),
    ]);
    const condition = classifyKafkaStartupError(toTransportError("creating topics a", starting));
    assert.deepEqual({ kind: condition.kind, name: condition.name }, { kind: "transient", name: "INVALID_REPLICATION_FACTOR" });
  });
});

describe("isStaleCoordinatorError", () => {
  it("recognises a commit refused by a broker that is no longer the group's coordinator, wrapped or not", () => {
    const notCoordinator = protocolError("NOT_COORDINATOR_FOR_GROUP", 16, true, "This is not the correct coordinator for this group");
    assert.equal(isStaleCoordinatorError(notCoordinator), true);
    assert.equal(isStaleCoordinatorError(toTransportError("commit", notCoordinator)), true);
    assert.equal(isStaleCoordinatorError(protocolError("REBALANCE_IN_PROGRESS", 27, false, "The group is rebalancing")), false);
    assert.equal(isStaleCoordinatorError(unknownTopic()), false);
  });
});
