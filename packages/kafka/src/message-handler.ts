import type { Logger } from "@switchyard/platform";
import { type InvalidEventError } from "@switchyard/contracts";
import type { IncomingMessage, OutgoingMessage } from "./message";

export interface HandlerContext {
  /** A child logger bound to topic, partition and offset (and the task id when the handler names it). */
  logger: Logger;
  /**
   * Aborted when the work is abandoned: shutdown past its drain timeout, or the
   * partition was revoked. A handler may then return early with only its ledger
   * (messages marked `ledger`, e.g. the usage of the calls it made): the loop
   * publishes those and leaves the message to be consumed again.
   */
  signal: AbortSignal;
  message: IncomingMessage;
  /**
   * Frees this message's in-flight slot while it waits on something slow that
   * is not this process's work (a Message Batch). Its offset stays
   * uncommitted until it finishes; on stop it is abandoned without waiting.
   */
  park?(): void;
}

/** What `handleBatch` gets: the batch's logger and its abandon signal. */
export interface BatchHandlerContext {
  logger: Logger;
  /** Aborted when the batch's work is abandoned (shutdown past its drain timeout, partition revoked). */
  signal: AbortSignal;
}

/**
 * One event's outcome in a batch: the messages to publish, or the error it
 * failed with (retried when retryable, dead-lettered otherwise).
 */
export type EventOutcome = { outputs: OutgoingMessage[] } | { error: unknown };

/**
 * A service's logic, free of any transport. The consumer loop decodes, calls
 * `handle`, publishes what it returns and only then marks the offset done.
 */
export interface MessageHandler<Event> {
  name: string;
  /** Throws InvalidEventError for a message that can never be processed: it goes to the dead letter topic. */
  decode(message: IncomingMessage): Event;
  /**
   * Returns the messages to publish. Throw a SwitchyardError with retryable=true
   * to have the same event handled again later; any other error dead-letters it.
   */
  handle(event: Event, context: HandlerContext): Promise<OutgoingMessage[]>;
  /**
   * Optional: handles the decoded events of one partition's fetch at once (at
   * most the loop's in-flight limit), for handlers whose work is per batch (the
   * sink's inserts). Returns one outcome per event, in order; a throw fails
   * them all with that error. The loop still decodes, retries by the
   * `retryable` rule (only the events that failed so), dead-letters, publishes
   * and commits per message. With tracing on the loop calls `handle` per
   * message instead, so that each message keeps its own span.
   */
  handleBatch?(events: readonly Event[], context: BatchHandlerContext): Promise<EventOutcome[]>;
  /** Messages published together with the dead letter of an invalid message (e.g. an error result). */
  onInvalid?(error: InvalidEventError, message: IncomingMessage): OutgoingMessage[];
  /** The task id of a decoded event, for log lines and dead-letter headers. */
  taskIdOf?(event: Event): string | undefined;
}
