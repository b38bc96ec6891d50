import type { IncomingMessage, OutgoingMessage } from "./message";

/**
 * The consumer loop's tracing hooks (W3C trace context in Kafka headers). The
 * loop calls them only when it was given an implementation: with tracing off
 * a message costs one property check.
 */
export interface MessageTracing {
  /** Runs the handling of one consumed message inside its span, continuing the trace its headers carry. */
  trace<Result>(message: IncomingMessage, groupId: string, handle: () => Promise<Result>): Promise<Result>;
  /** The messages published for the message being handled, with its trace context in their headers. */
  inject(messages: readonly OutgoingMessage[]): OutgoingMessage[];
  /** The message being handled failed for good (it is dead-lettered). */
  fail(error: unknown): void;
}
