import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { logLevel } from "kafkajs";
import { createLogger } from "@switchyard/platform";
import { createKafkaJsLogCreator } from "../src/create-kafkajs-log-creator";

test("kafkajs' per-attempt connection errors go to debug; its other errors stay errors", () => {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      callback();
    },
  });
  const log = createKafkaJsLogCreator(createLogger({ name: "test", level: "info", destination }))(logLevel.WARN);
  const entry = (message: string) => ({ message, timestamp: "t", logger: "kafkajs", broker: "127.0.0.1:9092" });
  log({ namespace: "Connection", level: logLevel.ERROR, label: "ERROR", log: entry("Connection error: connect ECONNREFUSED 127.0.0.1:9092") });
  log({ namespace: "BrokerPool", level: logLevel.ERROR, label: "ERROR", log: entry("Failed to connect to seed broker") });
  log({ namespace: "Consumer", level: logLevel.ERROR, label: "ERROR", log: entry("Crash: KafkaJSNonRetriableError") });
  assert.deepEqual(
    lines.map((line) => [line.level, line.namespace, line.msg]),
    [["error", "Consumer", "Crash: KafkaJSNonRetriableError"]],
  );
});
