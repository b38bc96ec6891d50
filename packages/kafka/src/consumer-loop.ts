import { performance } from "node:perf_hooks";
import {
  ShuttingDownError,
  isSwitchyardError,
  isRetryableError,
  computeBackoffDelay,
  sleep,
  withTimeout,
  type BackoffOptions,
  type Logger,
  type Registry,
} from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import type { AbandonableWork } from "./abandonable-work";
import { BatchContext } from "./batch-context";
import { buildDeadLetter } from "./build-dead-letter";
import { bindTopicMetrics, createConsumerMetrics, type ConsumerMetrics, type TopicMetrics } from "./consumer-metrics";
import { InFlightLimiter } from "./in-flight-limiter";
import { topicPartitionKey, type IncomingMessage, type OutgoingMessage, type TopicPartition, type TopicPartitionOffset } from "./message";
import { MessageContext } from "./message-context";
import type { EventOutcome, MessageHandler } from "./message-handler";
import type { MessageTracing } from "./message-tracing";
import { PartitionOffsetTracker } from "./partition-offset-tracker";
import type { BatchControls, Transport, TransportBatch, TransportConsumer } from "./transport";

export interface ConsumerLoopOptions<Event> {
  transport: Transport;
  groupId: string;
  topics: string[];
  handler: MessageHandler<Event>;
  /**
   * Messages handled at once by this instance, across and within partitions.
   * As many more may wait for the broker to acknowledge their outputs.
   */
  maxInFlight: number;
  deadLetterTopic: string;
  logger: Logger;
  registry?: Registry;
  /** Backoff for retryable handler errors and failed publishes. Default 200 ms doubling to 30 s. */
  retry?: BackoffOptions;
  /** Where a group without committed offsets starts. Default true (the beginning). */
  fromBeginning?: boolean;
  /** How often finished work is committed. Default 500 ms. */
  commitIntervalMs?: number;
  /** How long stop() waits for in-flight work before abandoning it. Default 30 s. */
  drainTimeoutMs?: number;
  /** OpenTelemetry hooks; absent (tracing off): none is called. */
  tracing?: MessageTracing;
}

export interface ConsumerLoopStats {
  /** Messages holding a slot: being handled (or publishing when maxInFlight already wait for the broker). */
  inFlight: number;
  peakInFlight: number;
  /** Handled messages whose outputs wait for the broker's acknowledgement with their slot given back. */
  publishing: number;
  consumed: number;
  /** Finished with their outputs acknowledged (dead letters included). */
  handled: number;
  deadLettered: number;
  retried: number;
  abandoned: number;
  /** Messages fetched again after a rebalance that this instance had already taken over. */
  skippedAsTaken: number;
  /** Assignments received: 1 after joining, one more per rebalance. */
  assignments: number;
  /** Last committed next-offset per "topic/partition". */
  committed: Record<string, string>;
  assignment: TopicPartition[];
}

export interface ConsumerLoop {
  /**
   * Graceful stop: stops fetching, lets in-flight work finish (abandoning it
   * after the drain timeout), commits what is done and leaves the group.
   */
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
  /** True while the loop is a member of its group and not stopping. */
  isReady(): boolean;
  stats(): ConsumerLoopStats;
}

interface PartitionState extends TopicPartition {
  key: string;
  tracker: PartitionOffsetTracker;
  contexts: Set<AbandonableWork>;
  revoked: boolean;
  highWatermark: string | null;
}

type Outcome = "done" | "abandoned";

/** Work the loop retries, publishes and dead-letters for: one message, or a batch of them. */
type Work = AbandonableWork & { readonly logger: Logger };

interface BatchItem<Event> {
  message: IncomingMessage;
  event: Event;
}

const SLOT_WAIT_MS = 1_000;
// Long enough for abandoned work to publish its ledger (one acknowledged send).
const ABANDON_GRACE_MS = 5_000;
const LEDGER_PUBLISH_ATTEMPTS = 3;

/**
 * The one consumer loop of every service: decoding, concurrency, retries,
 * dead letters and commits, for any handler and either transport.
 */
export async function runConsumerLoop<Event>(options: ConsumerLoopOptions<Event>): Promise<ConsumerLoop> {
  const loop = new ConsumerLoopRunner(options);
  await loop.start();
  return loop;
}

class ConsumerLoopRunner<Event> implements ConsumerLoop {
  private readonly logger: Logger;
  private readonly handler: MessageHandler<Event>;
  private readonly consumer: TransportConsumer;
  private readonly limiter: InFlightLimiter;
  private readonly metrics: ConsumerMetrics | null;
  private readonly retry: BackoffOptions;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly boundMetrics = new Map<string, TopicMetrics>();
  private readonly inFlight = new Map<AbandonableWork, Promise<void>>();
  /** Waiting on slow outside work with their slot given back (see HandlerContext.park). */
  private readonly parked = new Set<MessageContext>();
  /** Handled, their slot given back while the broker acknowledges their outputs (at most maxInFlight). */
  private readonly publishing = new Set<MessageContext>();
  private assignment: TopicPartition[] = [];
  private assigned: Set<string> | null = null;
  private member = false;
  private stopping = false;
  private stopped: Promise<void> | null = null;
  private commitTimer: NodeJS.Timeout | null = null;
  private committing: Promise<void> | null = null;
  private readonly counts = { consumed: 0, handled: 0, deadLettered: 0, retried: 0, abandoned: 0, skippedAsTaken: 0, assignments: 0 };
  private readonly committed: Record<string, string> = {};

  /** The handler's batch path is taken unless tracing needs a span per message. */
  private readonly batchPath: boolean;

  constructor(private readonly options: ConsumerLoopOptions<Event>) {
    this.handler = options.handler;
    this.batchPath = options.handler.handleBatch !== undefined && options.tracing === undefined;
    this.logger = options.logger.child({ component: "consumer-loop", group: options.groupId, handler: options.handler.name });
    this.limiter = new InFlightLimiter(options.maxInFlight);
    this.metrics = options.registry ? createConsumerMetrics(options.registry) : null;
    this.retry = options.retry ?? { initialDelayMs: 200, maxDelayMs: 30_000 };
    this.consumer = options.transport.createConsumer({
      groupId: options.groupId,
      topics: options.topics,
      fromBeginning: options.fromBeginning ?? true,
      logger: options.logger,
    });
  }

  async start(): Promise<void> {
    await this.consumer.start({
      onBatch: (batch, controls) => this.takeBatch(batch, controls),
      onAssignment: (assignment) => this.reassign(assignment),
      onMembershipLost: (reason) => {
        this.member = false;
        this.logger.warn({ err: reason }, "lost group membership; the consumer rejoins by itself");
      },
    });
    this.commitTimer = setInterval(() => {
      // Sampled with each commit tick rather than set twice per message.
      this.metrics?.inFlight.set({ group: this.options.groupId }, this.limiter.inFlight + this.publishing.size);
      void this.commitFinished();
    }, this.options.commitIntervalMs ?? 500);
    this.logger.info({ topics: this.options.topics, maxInFlight: this.options.maxInFlight }, "consumer loop started");
  }

  isReady(): boolean {
    return this.member && !this.stopping;
  }

  stats(): ConsumerLoopStats {
    return {
      ...this.counts,
      inFlight: this.limiter.inFlight,
      peakInFlight: this.limiter.peakInFlight,
      publishing: this.publishing.size,
      committed: { ...this.committed },
      assignment: [...this.assignment],
    };
  }

  stop(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    this.stopped ??= this.shutDown(options.drainTimeoutMs ?? this.options.drainTimeoutMs ?? 30_000);
    return this.stopped;
  }

  private async shutDown(drainTimeoutMs: number): Promise<void> {
    this.stopping = true;
    this.consumer.stopFetching();
    this.limiter.cancelWaiters();
    // Parked work waits on something that may take hours: it is consumed again after the restart.
    for (const context of this.parked) context.abandon(new ShuttingDownError("parked work abandoned: shutting down"));
    this.logger.info({ inFlight: this.inFlight.size, parked: this.parked.size, drainTimeoutMs }, "stopping: draining in-flight work");
    if (!(await this.waitForInFlight(drainTimeoutMs))) {
      this.logger.warn({ inFlight: this.inFlight.size }, "drain timeout: abandoning in-flight work, it will be consumed again");
      for (const state of this.partitions.values()) this.abandon(state, "shutting down");
      await this.waitForInFlight(ABANDON_GRACE_MS);
    }
    if (this.commitTimer) clearInterval(this.commitTimer);
    // A commit already under way carries older offsets: let it end, then commit the final ones.
    await this.committing;
    await this.commitFinished();
    await this.consumer.stop();
    this.member = false;
    this.logger.info({ committed: this.committed }, "consumer loop stopped");
  }

  private async waitForInFlight(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await withTimeout(Promise.allSettled([...this.inFlight.values()]), remaining, () => undefined);
    }
    return true;
  }

  // Partitions missing from the new assignment are revoked: their work is
  // abandoned and never committed. Kept partitions keep their work; their
  // re-fetched messages are recognised by offset and skipped.
  private reassign(assignment: TopicPartition[]): void {
    this.member = true;
    this.counts.assignments += 1;
    this.assignment = assignment;
    this.assigned = new Set(assignment.map(topicPartitionKey));
    for (const state of [...this.partitions.values()]) {
      if (this.assigned.has(state.key)) continue;
      this.abandon(state, "partition revoked");
      this.partitions.delete(state.key);
      this.metrics?.commitLag.remove({ group: this.options.groupId, topic: state.topic, partition: String(state.partition) });
      this.metrics?.consumerLag.remove({ group: this.options.groupId, topic: state.topic, partition: String(state.partition) });
    }
    this.logger.info({ assignment: assignment.map(topicPartitionKey) }, "partitions assigned");
  }

  private abandon(state: PartitionState, reason: string): void {
    state.revoked = true;
    for (const context of state.contexts) context.abandon(new ShuttingDownError(`work abandoned: ${reason}`));
  }

  private partitionState(batch: TopicPartition): PartitionState | null {
    const key = topicPartitionKey(batch);
    if (this.assigned && !this.assigned.has(key)) return null;
    let state = this.partitions.get(key);
    if (!state) {
      state = {
        topic: batch.topic,
        partition: batch.partition,
        key,
        tracker: new PartitionOffsetTracker(),
        contexts: new Set(),
        revoked: false,
        highWatermark: null,
      };
      this.partitions.set(key, state);
    }
    return state;
  }

  /** Takes messages over one by one, waiting for a free slot when the in-flight limit is reached. */
  private async takeBatch(batch: TransportBatch, controls: BatchControls): Promise<void> {
    const state = this.partitionState(batch);
    if (!state) return;
    if (batch.highWatermark !== null) state.highWatermark = batch.highWatermark;
    const gone = () => this.stopping || state.revoked || controls.isStale();
    if (gone()) return;
    // Where this instance starts on a partition new to it (the group's committed offset): work from there on may be a repeat.
    if (state.tracker.commitPoint() === null && batch.messages[0]) {
      this.logger.info({ topic: batch.topic, partition: batch.partition, fromOffset: batch.messages[0].offset }, "partition taken over");
    }
    // Messages taken over for the handler's batch path, launched together when the slots run out or the batch ends.
    const batched: IncomingMessage[] | null = this.batchPath ? [] : null;
    for (const message of batch.messages) {
      if (state.tracker.isTaken(message.offset)) {
        this.counts.skippedAsTaken += 1;
        controls.markTaken(message.offset);
        continue;
      }
      if (!this.limiter.tryAcquire()) {
        if (batched && batched.length > 0) this.launchBatch(state, batched.splice(0));
        // Nothing can revoke the partition between two awaits: gone() is asked again only after waiting.
        if (!(await this.waitForSlot(gone, controls))) return;
      }
      state.tracker.take(message.offset);
      controls.markTaken(message.offset);
      if (batched) batched.push(message);
      else this.launch(state, message);
    }
    if (batched && batched.length > 0) this.launchBatch(state, batched);
  }

  /** Waits for a free slot, heartbeating; false (and no slot) when the batch is no longer ours. */
  private async waitForSlot(gone: () => boolean, controls: BatchControls): Promise<boolean> {
    while (!(await this.limiter.acquire(SLOT_WAIT_MS))) {
      if (gone()) return false;
      await controls.heartbeat();
    }
    if (!gone()) return true;
    this.limiter.release();
    return false;
  }

  private launch(state: PartitionState, message: IncomingMessage): void {
    const context = new MessageContext(this.logger, message, (parked) => {
      this.parked.add(parked);
      this.limiter.release();
    });
    state.contexts.add(context);
    this.counts.consumed += 1;
    this.topicMetrics(message.topic)?.consumed.inc();
    // run() awaits before its finally block: the entry is in the map before run() removes it.
    this.inFlight.set(context, this.run(state, context));
  }

  private async run(state: PartitionState, context: MessageContext): Promise<void> {
    const message = context.message;
    const metrics = this.topicMetrics(message.topic);
    const started = performance.now();
    try {
      const tracing = this.options.tracing;
      const outcome = await (tracing ? tracing.trace(message, this.options.groupId, () => this.process(context)) : this.process(context));
      if (outcome === "done" && !state.revoked) {
        state.tracker.finish(message.offset);
        metrics?.handleSeconds.observe((performance.now() - started) / 1000);
        return;
      }
      this.counts.abandoned += 1;
      this.metrics?.abandoned.inc({ group: this.options.groupId, topic: message.topic });
    } catch (error) {
      // process() handles every error itself; this is a bug guard that keeps the offset uncommitted.
      this.logger.error({ err: error, topic: message.topic, partition: message.partition, offset: message.offset }, "consumer loop failed on a message");
    } finally {
      state.contexts.delete(context);
      this.inFlight.delete(context);
      const holdsSlot = !this.publishing.delete(context) && !this.parked.delete(context);
      if (holdsSlot) this.limiter.release();
    }
  }

  private async process(context: MessageContext): Promise<Outcome> {
    const message = context.message;
    let event: Event;
    try {
      event = this.handler.decode(message);
    } catch (error) {
      return this.deadLetter(context, error, this.invalidOutputs(error, context));
    }
    context.taskId = this.handler.taskIdOf?.(event);
    const handled = await this.handleWithRetries(event, context);
    if (handled === "abandoned") return handled;
    if ("error" in handled) return this.deadLetter(context, handled.error, []);
    // A handler that returns after its work was abandoned returns its ledger (usage of the calls made).
    if (context.abandoned) return this.publishLedger(handled.outputs, context);
    this.releaseWhilePublishing(context, handled.outputs);
    const published = await this.publishWithRetries(handled.outputs, context, "whole-output");
    if (published === "abandoned") return this.publishLedger(handled.outputs, context);
    if (published !== "acked") return this.deadLetter(context, published.error, []);
    this.counts.handled += 1;
    this.topicMetrics(message.topic)?.handledOk.inc();
    return "done";
  }

  /**
   * The handler is done: its slot goes to the next message while the broker
   * acknowledges the outputs (an acks=all round trip that holds no model call),
   * for at most maxInFlight messages at once, so memory stays bounded when the
   * broker is slow. The offset is still finished only after the acknowledgement.
   */
  private releaseWhilePublishing(context: MessageContext, outputs: readonly OutgoingMessage[]): void {
    if (outputs.length === 0 || context.isParked || this.publishing.size >= this.options.maxInFlight) return;
    this.publishing.add(context);
    this.limiter.release();
  }

  private launchBatch(state: PartitionState, messages: IncomingMessage[]): void {
    const context = new BatchContext(this.logger, messages);
    state.contexts.add(context);
    this.counts.consumed += messages.length;
    this.topicMetrics(context.topic)?.consumed.inc(messages.length);
    // runBatch() awaits before its finally block: the entry is in the map before runBatch() removes it.
    this.inFlight.set(context, this.runBatch(state, context));
  }

  /** The batch path's run(): finishes the offsets of the messages done, one slot given back per message. */
  private async runBatch(state: PartitionState, context: BatchContext): Promise<void> {
    const started = performance.now();
    try {
      const done = await this.processBatch(context);
      if (!state.revoked) for (const message of done) state.tracker.finish(message.offset);
      const abandoned = state.revoked ? context.messages.length : context.messages.length - done.length;
      if (abandoned > 0) {
        this.counts.abandoned += abandoned;
        this.metrics?.abandoned.inc({ group: this.options.groupId, topic: context.topic }, abandoned);
      }
      // One observation per batch: the time its events took together.
      this.topicMetrics(context.topic)?.handleSeconds.observe((performance.now() - started) / 1000);
    } catch (error) {
      // processBatch() handles every error itself; this is a bug guard that keeps the offsets uncommitted.
      context.logger.error({ err: error }, "consumer loop failed on a batch");
    } finally {
      state.contexts.delete(context);
      this.inFlight.delete(context);
      for (let index = 0; index < context.messages.length; index += 1) this.limiter.release();
    }
  }

  /**
   * Decodes every message, hands the valid events to handleBatch (again for
   * those that failed with a retryable error), publishes the outputs of the
   * others together and dead-letters the failures each on its own. Returns
   * the messages that are done: handled with their outputs acknowledged, or dead-lettered.
   */
  private async processBatch(context: BatchContext): Promise<IncomingMessage[]> {
    const items: Array<BatchItem<Event>> = [];
    const deadLetters: Array<Promise<IncomingMessage | null>> = [];
    const deadLetter = (message: IncomingMessage, error: unknown, event?: Event) => {
      const messageContext = context.messageContext(message);
      if (event !== undefined) messageContext.taskId = this.handler.taskIdOf?.(event);
      const extra = event === undefined ? this.invalidOutputs(error, messageContext) : [];
      deadLetters.push(this.deadLetter(messageContext, error, extra).then((outcome) => (outcome === "done" ? message : null)));
    };
    for (const message of context.messages) {
      try {
        items.push({ message, event: this.handler.decode(message) });
      } catch (error) {
        deadLetter(message, error);
      }
    }
    const handled = await this.handleBatchWithRetries(items, context);
    for (const { item, error } of handled.failed) deadLetter(item.message, error, item.event);
    const done = await this.publishBatchOutputs(handled.succeeded, context, deadLetter);
    for (const message of await Promise.all(deadLetters)) if (message) done.push(message);
    return done;
  }

  private async handleBatchWithRetries(
    items: Array<BatchItem<Event>>,
    context: BatchContext,
  ): Promise<{ succeeded: Array<{ item: BatchItem<Event>; outputs: OutgoingMessage[] }>; failed: Array<{ item: BatchItem<Event>; error: unknown }> }> {
    const succeeded: Array<{ item: BatchItem<Event>; outputs: OutgoingMessage[] }> = [];
    const failed: Array<{ item: BatchItem<Event>; error: unknown }> = [];
    let pending = items;
    for (let attempt = 1; pending.length > 0 && !context.abandoned; attempt += 1) {
      const outcomes = await this.callHandleBatch(pending, context);
      if (context.abandoned) {
        outcomes.forEach((outcome, index) => {
          if ("outputs" in outcome) succeeded.push({ item: pending[index] as BatchItem<Event>, outputs: outcome.outputs });
        });
        break;
      }
      const retry: Array<BatchItem<Event>> = [];
      let retryError: unknown;
      outcomes.forEach((outcome, index) => {
        const item = pending[index] as BatchItem<Event>;
        if ("outputs" in outcome) succeeded.push({ item, outputs: outcome.outputs });
        else if (isRetryableError(outcome.error)) {
          retry.push(item);
          retryError = outcome.error;
        } else failed.push({ item, error: outcome.error });
      });
      pending = retry;
      if (pending.length > 0 && !(await this.backOff(attempt, "handle", retryError, context))) break;
    }
    return { succeeded, failed };
  }

  /** One outcome per event, whatever the handler did (a throw or a short answer fails every event). */
  private async callHandleBatch(items: ReadonlyArray<BatchItem<Event>>, context: BatchContext): Promise<EventOutcome[]> {
    try {
      const outcomes = await (this.handler.handleBatch as NonNullable<MessageHandler<Event>["handleBatch"]>)(
        items.map((item) => item.event),
        context,
      );
      if (outcomes.length === items.length) return outcomes;
      const error = new Error(`handleBatch returned ${outcomes.length} outcomes for ${items.length} events`);
      return items.map(() => ({ error }));
    } catch (error) {
      return items.map(() => ({ error }));
    }
  }

  /**
   * Publishes the handled events' outputs as one send. When the broker refuses
   * it for good, each event's output is sent on its own, as the per-message
   * path would (a refused single message dead-letters its event). Abandoned:
   * only their ledger goes out and none is done.
   */
  private async publishBatchOutputs(
    succeeded: Array<{ item: BatchItem<Event>; outputs: OutgoingMessage[] }>,
    context: BatchContext,
    deadLetter: (message: IncomingMessage, error: unknown, event: Event) => void,
  ): Promise<IncomingMessage[]> {
    const outputs = succeeded.flatMap((entry) => entry.outputs);
    const producers = succeeded.filter((entry) => entry.outputs.length > 0).length;
    let published = context.abandoned ? "abandoned" : await this.publishWithRetries(outputs, context, producers > 1 ? "return" : "whole-output");
    const done: IncomingMessage[] = [];
    if (published !== "acked" && published !== "abandoned") {
      for (const { item, outputs: own } of succeeded) {
        if (published === "abandoned") break;
        const alone = own.length === 0 ? "acked" : await this.publishWithRetries(own, context, "whole-output");
        if (alone === "abandoned") published = alone;
        else if (alone === "acked") done.push(item.message);
        else deadLetter(item.message, alone.error, item.event);
      }
    } else if (published === "acked") for (const { item } of succeeded) done.push(item.message);
    if (published === "abandoned") {
      await this.publishLedger(outputs, context);
      return [];
    }
    this.counts.handled += done.length;
    this.topicMetrics(context.topic)?.handledOk.inc(done.length);
    return done;
  }

  private topicMetrics(topic: string): TopicMetrics | null {
    if (!this.metrics) return null;
    let bound = this.boundMetrics.get(topic);
    if (!bound) {
      bound = bindTopicMetrics(this.metrics, this.options.groupId, topic);
      this.boundMetrics.set(topic, bound);
    }
    return bound;
  }

  private invalidOutputs(error: unknown, context: MessageContext): OutgoingMessage[] {
    if (!(error instanceof InvalidEventError) || !this.handler.onInvalid) return [];
    try {
      return this.handler.onInvalid(error, context.message);
    } catch (onInvalidError) {
      context.logger.error({ err: onInvalidError }, "onInvalid failed; dead-lettering the message alone");
      return [];
    }
  }

  private async handleWithRetries(event: Event, context: MessageContext): Promise<{ outputs: OutgoingMessage[] } | { error: unknown } | "abandoned"> {
    for (let attempt = 1; ; attempt += 1) {
      if (context.abandoned) return "abandoned";
      try {
        return { outputs: await this.handler.handle(event, context) };
      } catch (error) {
        if (context.abandoned) return "abandoned";
        if (!isRetryableError(error)) return { error };
        if (!(await this.backOff(attempt, "handle", error, context))) return "abandoned";
      }
    }
  }

  /**
   * Publishes until the broker acknowledges; a non-retryable failure is returned
   * (for a dead letter), except a handler's output of several messages, below.
   */
  private async publishWithRetries(
    outputs: OutgoingMessage[],
    context: Work,
    onRefusal: "whole-output" | "return" = "return",
  ): Promise<"acked" | "abandoned" | { error: unknown }> {
    // Nothing to publish (the sink): nothing to wait for.
    if (outputs.length === 0) return context.abandoned ? "abandoned" : "acked";
    const messages = this.options.tracing?.inject(outputs) ?? outputs;
    for (let attempt = 1; ; attempt += 1) {
      if (context.abandoned) return "abandoned";
      try {
        const started = performance.now();
        await this.options.transport.publish(messages);
        this.topicMetrics(context.topic)?.publishSeconds.observe((performance.now() - started) / 1000);
        return "acked";
      } catch (error) {
        if (context.abandoned) return "abandoned";
        // A refused send of several messages may have written some of them (the
        // result among them): a dead letter would contradict a result that is out.
        // The whole output is sent again instead; consumers dedupe by task id and
        // event id. A single refused message is not out, so it may be dead-lettered.
        if (!isRetryableError(error) && (onRefusal === "return" || outputs.length === 1)) return { error };
        if (!(await this.backOff(attempt, "publish", error, context))) return "abandoned";
      }
    }
  }

  /**
   * The work was abandoned (revoke or shutdown): it will be consumed again, but
   * the model calls it made may be billed, so their usage events still go out.
   * Best effort and bounded: the signal is already aborted.
   */
  private async publishLedger(outputs: readonly OutgoingMessage[], context: Work): Promise<Outcome> {
    const ledger = outputs.filter((output) => output.ledger === true);
    if (ledger.length === 0) return "abandoned";
    for (let attempt = 1; attempt <= LEDGER_PUBLISH_ATTEMPTS; attempt += 1) {
      try {
        await this.options.transport.publish(ledger);
        context.logger.info({ ledgerMessages: ledger.length }, "work abandoned: published the usage of its model calls");
        return "abandoned";
      } catch (error) {
        if (attempt === LEDGER_PUBLISH_ATTEMPTS) {
          context.logger.error({ err: error, ledgerMessages: ledger.length }, "work abandoned: its usage events could not be published");
          break;
        }
        await sleep(computeBackoffDelay(attempt, this.retry));
      }
    }
    return "abandoned";
  }

  private async deadLetter(context: MessageContext, error: unknown, extra: OutgoingMessage[]): Promise<Outcome> {
    const message = context.message;
    const readableTaskId = error instanceof InvalidEventError ? error.taskId : context.taskId;
    const deadLetter = buildDeadLetter({
      message,
      error,
      deadLetterTopic: this.options.deadLetterTopic,
      consumerGroup: this.options.groupId,
      failedAt: new Date(),
      taskId: readableTaskId,
    });
    const code = isSwitchyardError(error) ? error.code : "unhandled_error";
    this.options.tracing?.fail(error);
    context.logger.warn({ err: error, code, taskId: readableTaskId, extraMessages: extra.length }, "dead-lettering message");
    let outputs = [deadLetter, ...extra];
    for (let attempt = 1; ; attempt += 1) {
      const published = await this.publishWithRetries(outputs, context);
      if (published === "abandoned") return published;
      if (published === "acked") break;
      // The dead letter itself must get through: drop the handler's extras, then keep trying.
      context.logger.error({ err: published.error, attempt }, "publishing the dead letter was refused");
      outputs = [deadLetter];
      if (!(await this.backOff(attempt, "publish", published.error, context))) return "abandoned";
    }
    this.counts.deadLettered += 1;
    this.counts.handled += 1;
    this.metrics?.deadLettered.inc({ group: this.options.groupId, topic: message.topic, code });
    this.metrics?.handled.inc({ group: this.options.groupId, topic: message.topic, outcome: "dead_lettered" });
    return "done";
  }

  /** Waits before the next attempt; false when the work was abandoned meanwhile. */
  private async backOff(attempt: number, stage: "handle" | "publish", error: unknown, context: Work): Promise<boolean> {
    const delayMs = computeBackoffDelay(attempt, this.retry);
    this.counts.retried += 1;
    this.metrics?.retried.inc({ group: this.options.groupId, topic: context.topic, stage });
    // An outage fails every in-flight message at once: log the 1st, 2nd, 4th, 8th… attempt loudly.
    const loud = (attempt & (attempt - 1)) === 0;
    context.logger[loud ? "warn" : "debug"]({ err: error, stage, attempt, delayMs }, "retryable failure; retrying the message");
    try {
      await sleep(delayMs, context.signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Commits, per partition, up to the lowest unfinished offset. One commit at a time. */
  private commitFinished(): Promise<void> {
    this.committing ??= this.commitOnce().finally(() => {
      this.committing = null;
    });
    return this.committing;
  }

  private async commitOnce(): Promise<void> {
    const pending: Array<{ state: PartitionState; offset: TopicPartitionOffset }> = [];
    for (const state of this.partitions.values()) {
      this.updateLagMetrics(state);
      const point = state.tracker.commitPoint();
      if (state.revoked || point === null || !state.tracker.needsCommit()) continue;
      pending.push({ state, offset: { topic: state.topic, partition: state.partition, offset: point } });
    }
    if (pending.length === 0) return;
    const offsets = pending.map((entry) => entry.offset);
    try {
      const outcome = await this.consumer.commit(offsets);
      if (outcome === "rejected") {
        this.logger.info({ offsets }, "commit rejected: the group moved on; the next assignment decides what stays ours");
        return;
      }
      for (const { state, offset } of pending) {
        state.tracker.markCommitted(offset.offset);
        this.committed[state.key] = offset.offset;
        this.updateLagMetrics(state);
      }
      this.logger.debug({ offsets }, "committed");
    } catch (error) {
      this.logger.warn({ err: error, offsets }, "commit failed; retrying on the next tick");
    }
  }

  private updateLagMetrics(state: PartitionState): void {
    if (!this.metrics) return;
    const labels = { group: this.options.groupId, topic: state.topic, partition: String(state.partition) };
    this.metrics.commitLag.set(labels, state.tracker.uncommittedCount());
    const committed = state.tracker.lastCommitted();
    if (state.highWatermark !== null && committed !== null) this.metrics.consumerLag.set(labels, Number(BigInt(state.highWatermark) - BigInt(committed)));
  }
}
