import { SwitchyardError, type Logger } from "@switchyard/platform";
import { createTestLogger } from "@switchyard/test-support";
import { InvalidEventError } from "@switchyard/contracts";
import { afterEach } from "node:test";
import type { ConsumerLoop, IncomingMessage, MessageHandler, OutgoingMessage } from "../src/index";

export const silentLogger: Logger = createTestLogger("kafka-test");

/** A handler's own non-retryable failure (the kafka package knows no model errors). */
export class HandlerRefusedError extends SwitchyardError<"handler_refused"> {
  constructor(message: string) {
    super("handler_refused", message, { retryable: false });
  }
}

/** A promise with its resolve function, to let a test decide when work finishes. */
export function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

export interface TestEvent {
  id: string;
  n: number;
}

/** Decodes {"id","n"} JSON; anything else throws InvalidEventError (with the id when readable). */
export function decodeTestEvent(message: IncomingMessage): TestEvent {
  let value: Partial<TestEvent> | null;
  try {
    value = JSON.parse(message.value?.toString("utf8") ?? "null") as Partial<TestEvent> | null;
  } catch (error) {
    throw new InvalidEventError("event_not_json", "message is not JSON", { cause: error });
  }
  const taskId = typeof value?.id === "string" ? value.id : undefined;
  if (!value || taskId === undefined || typeof value.n !== "number") throw new InvalidEventError("event_invalid", "n: expected a number", { taskId });
  return { id: taskId, n: value.n };
}

export function echoHandler(outputTopic: string, handle?: (event: TestEvent, signal: AbortSignal) => Promise<void>): MessageHandler<TestEvent> {
  return {
    name: "echo",
    decode: decodeTestEvent,
    taskIdOf: (event) => event.id,
    async handle(event, context): Promise<OutgoingMessage[]> {
      await handle?.(event, context.signal);
      return [{ topic: outputTopic, key: event.id, value: JSON.stringify({ taskId: event.id, n: event.n }) }];
    },
  };
}

export function testMessages(topic: string, count: number, prefix = "t"): OutgoingMessage[] {
  return Array.from({ length: count }, (_unused, n) => ({ topic, key: `${prefix}-${n}`, value: JSON.stringify({ id: `${prefix}-${n}`, n }) }));
}

/** Resolves when the signal aborts; for handlers that only finish when abandoned. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/**
 * Loops a test file starts, stopped after each of its tests: a failed assertion
 * leaves its loops running, and they would keep the test process alive.
 */
export function stopLoopsAfterEachTest(): (loop: ConsumerLoop) => ConsumerLoop {
  const running: ConsumerLoop[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((loop) => loop.stop({ drainTimeoutMs: 10 })));
  });
  return (loop) => {
    running.push(loop);
    return loop;
  };
}
