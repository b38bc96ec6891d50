import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import { createLogger } from "@switchyard/platform";
import { MessageContext } from "../src/message-context";
import type { IncomingMessage } from "../src";

const message: IncomingMessage = { topic: "llm.tasks", partition: 2, offset: "41", key: "task-1", value: Buffer.from("{}"), headers: {}, timestamp: "0" };

function capturingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger({ name: "test", level: "info", destination }), lines };
}

describe("MessageContext", () => {
  it("binds topic, partition, offset and the task id to its log lines", () => {
    const { logger, lines } = capturingLogger();
    const context = new MessageContext(logger, message);
    context.logger.info("before decode");
    context.taskId = "task-1";
    context.logger.info("after decode");
    assert.deepEqual(
      lines.map((line) => [line.topic, line.partition, line.offset, line.taskId]),
      [
        ["llm.tasks", 2, "41", undefined],
        ["llm.tasks", 2, "41", "task-1"],
      ],
    );
  });

  it("hands out a signal that is aborted when the work is abandoned, before or after it was asked for", () => {
    const { logger } = capturingLogger();
    const early = new MessageContext(logger, message);
    const signal = early.signal;
    assert.equal(signal.aborted, false);
    early.abandon(new Error("partition revoked"));
    assert.equal(signal.aborted, true);
    assert.equal(early.abandoned, true);
    assert.equal((signal.reason as Error).message, "partition revoked");

    const late = new MessageContext(logger, message);
    late.abandon(new Error("shutting down"));
    late.abandon(new Error("ignored: the first reason stays"));
    assert.equal(late.signal.aborted, true);
    assert.equal((late.signal.reason as Error).message, "shutting down");
  });
});
