import { BatchRecordSchema, type BatchRecord, type BatchTask, type Tier } from "@switchyard/contracts";
import type { IncomingMessage, Subscription, Transport } from "@switchyard/kafka";
import type { BatchEntryOutcome, BatchProvider, ModelRequest } from "@switchyard/llm";
import { computeBackoffDelay, isRetryableError, sleep, type Logger } from "@switchyard/platform";
import { ModelCallError } from "@switchyard/llm";
import type { BatchConfig } from "@switchyard/routing";

export interface BatchLaneOptions {
  provider: BatchProvider;
  transport: Transport;
  /** The compacted topic of batches in flight. */
  topic: string;
  limits: BatchConfig;
  logger: Logger;
  /** Per call to the batch API (creating one uploads up to 256 MB). Default 5 minutes. */
  timeoutMs?: number;
  now?: () => number;
}

export interface BatchSubmission {
  taskId: string;
  tier: Tier;
  request: ModelRequest;
  /** Where the task was consumed: recorded with the batch, so its offset is recognised later. */
  position: Pick<IncomingMessage, "topic" | "partition" | "offset">;
  signal: AbortSignal;
}

/** A request's outcome, or why the batch could not be created (the task then goes the sync way). */
export type BatchLaneOutcome = { batchId: string; outcome: BatchEntryOutcome } | { batchId: null; createError: ModelCallError };

interface Waiter {
  resolve(outcome: BatchLaneOutcome): void;
  reject(reason: unknown): void;
}

interface PendingEntry {
  submission: BatchSubmission;
  bytes: number;
  waiter: Waiter;
}

interface PendingBatch {
  model: string;
  tier: Tier;
  entries: PendingEntry[];
  bytes: number;
  recordBytes: number;
  timer: NodeJS.Timeout;
}

interface KnownBatch {
  record: BatchRecord;
  /** Waiting tasks of this process by custom id. */
  waiters: Map<string, Waiter>;
  ended: boolean;
}

/** Reading the batches topic at start: about a minute of tries before the router gives up. */
const START_ATTEMPTS = 10;
const START_BACKOFF = { initialDelayMs: 200, maxDelayMs: 10_000 };
/** A record of the batches topic must stay below Kafka's default 1 MB message limit. */
const MAX_RECORD_BYTES = 900_000;
/** Room for the record's own fields around its tasks. */
const RECORD_OVERHEAD_BYTES = 400;

/**
 * The batch lane: collects tasks per model into Message Batches (up to the
 * request, byte and age limits), records each batch and the tasks it holds on
 * the compacted batches topic before waiting for it, polls it and hands every
 * waiting task its own outcome by custom id. A task already held by a
 * recorded batch (a restart, or a partition taken over from another
 * instance) is attached to that batch instead of being submitted again.
 */
export class BatchLane {
  private readonly pending = new Map<string, PendingBatch>();
  private readonly batches = new Map<string, KnownBatch>();
  /** taskId → the batch that holds it. */
  private readonly taskBatches = new Map<string, { batchId: string; customId: string }>();
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly timeoutMs: number;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private subscription: Subscription | null = null;
  private stopped = false;
  private readonly counts = { batchesCreated: 0, requestsSubmitted: 0, resumed: 0 };

  constructor(private readonly options: BatchLaneOptions) {
    this.logger = options.logger.child({ component: "batch-lane" });
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 300_000;
  }

  /** Reads the batches topic to its end (batches in flight before this start), then follows it. */
  async start(): Promise<void> {
    for (const message of await this.readRecords()) this.learn(message);
    this.subscription = await this.options.transport.subscribe({
      topics: [this.options.topic],
      fromBeginning: true,
      onMessage: (message) => this.learn(message),
      onError: (error) => this.logger.warn({ err: error }, "unreadable batches record skipped"),
    });
    this.pollTimer = setInterval(() => void this.pollOnce(), this.options.limits.pollIntervalMs);
    this.logger.info({ inFlight: [...this.batches.values()].filter((batch) => batch.record.state === "in_flight").length }, "batch lane started");
  }

  /** The batches topic to its end; a broker still electing leaders (a new topic, a restart) is waited for. */
  private async readRecords(): Promise<IncomingMessage[]> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.options.transport.readTopic(this.options.topic);
      } catch (error) {
        if (!isRetryableError(error) || attempt >= START_ATTEMPTS) throw error;
        this.logger.warn({ err: error, attempt }, "reading the batches topic failed; trying again");
        await sleep(computeBackoffDelay(attempt, START_BACKOFF));
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const batch of this.pending.values()) clearTimeout(batch.timer);
    const reason = new ModelCallError("model_error", "the batch lane stopped", { retryable: true });
    for (const batch of this.pending.values()) for (const entry of batch.entries) entry.waiter.reject(reason);
    this.pending.clear();
    for (const batch of this.batches.values()) for (const waiter of batch.waiters.values()) waiter.reject(reason);
    await this.polling;
    await this.subscription?.stop();
  }

  /** True when a recorded batch holds this task: it is resumed, whatever its deadline says now. */
  holds(taskId: string): boolean {
    return this.taskBatches.has(taskId);
  }

  stats() {
    return {
      ...this.counts,
      pendingRequests: [...this.pending.values()].reduce((sum, batch) => sum + batch.entries.length, 0),
      batchesKnown: this.batches.size,
    };
  }

  /** Resolves with the task's outcome once its batch has ended; rejects with the signal's reason when abandoned. */
  submit(submission: BatchSubmission): Promise<BatchLaneOutcome> {
    return new Promise<BatchLaneOutcome>((resolve, reject) => {
      if (submission.signal.aborted) return reject(submission.signal.reason);
      const waiter: Waiter = { resolve, reject };
      const held = this.taskBatches.get(submission.taskId);
      const known = held ? this.batches.get(held.batchId) : undefined;
      if (held && known) {
        this.counts.resumed += 1;
        this.logger.info({ taskId: submission.taskId, batchId: held.batchId }, "task already in a batch: resuming it");
        this.attach(known, held.customId, waiter, submission.signal);
        return;
      }
      this.enqueue(submission, waiter);
    });
  }

  /** Marks batches done whose every task offset is committed (`committed`: next offset by "topic/partition"). */
  async markCommitted(committed: Readonly<Record<string, string>>): Promise<void> {
    for (const batch of this.batches.values()) {
      if (!batch.ended || batch.record.state !== "in_flight") continue;
      const allCommitted = batch.record.tasks.every((task) => {
        const point = committed[`${task.topic}/${task.partition}`];
        return point !== undefined && BigInt(task.offset) < BigInt(point);
      });
      if (!allCommitted) continue;
      const done: BatchRecord = { ...batch.record, state: "done", tasks: [] };
      await this.publishRecord(done);
      this.forget(batch.record);
    }
  }

  private enqueue(submission: BatchSubmission, waiter: Waiter): void {
    const model = submission.request.model;
    const bytes = Buffer.byteLength(JSON.stringify(submission.request)) + 100;
    const recordBytes = Buffer.byteLength(submission.taskId) + submission.position.topic.length + 80;
    let batch = this.pending.get(model);
    if (
      batch &&
      (batch.entries.length + 1 > this.options.limits.maxRequests ||
        batch.bytes + bytes > this.options.limits.maxBytes ||
        batch.recordBytes + recordBytes > MAX_RECORD_BYTES)
    ) {
      this.flush(model);
      batch = undefined;
    }
    if (!batch) {
      batch = {
        model,
        tier: submission.tier,
        entries: [],
        bytes: 0,
        recordBytes: RECORD_OVERHEAD_BYTES,
        timer: setTimeout(() => this.flush(model), this.options.limits.maxAgeMs),
      };
      this.pending.set(model, batch);
    }
    const entry: PendingEntry = { submission, bytes, waiter };
    batch.entries.push(entry);
    batch.bytes += bytes;
    batch.recordBytes += recordBytes;
    const pendingBatch = batch;
    submission.signal.addEventListener(
      "abort",
      () => {
        const index = pendingBatch.entries.indexOf(entry);
        if (index < 0) return;
        pendingBatch.entries.splice(index, 1);
        pendingBatch.bytes -= entry.bytes;
        waiter.reject(submission.signal.reason);
      },
      { once: true },
    );
    if (batch.entries.length >= this.options.limits.maxRequests) this.flush(model);
  }

  private flush(model: string): void {
    const batch = this.pending.get(model);
    if (!batch) return;
    this.pending.delete(model);
    clearTimeout(batch.timer);
    if (batch.entries.length === 0 || this.stopped) return;
    void this.create(batch);
  }

  private async create(batch: PendingBatch): Promise<void> {
    const entries = batch.entries.map((entry, index) => ({ ...entry, customId: `r${index}` }));
    let batchId: string;
    try {
      const created = await this.options.provider.createBatch(
        entries.map((entry) => ({ customId: entry.customId, request: entry.submission.request })),
        { timeoutMs: this.timeoutMs },
      );
      batchId = created.id;
    } catch (error) {
      const createError =
        error instanceof ModelCallError ? error : new ModelCallError("model_error", "creating the batch failed", { retryable: true, cause: error });
      this.logger.warn({ err: createError, model: batch.model, requests: entries.length }, "creating a message batch failed: its tasks go the sync way");
      for (const entry of entries) entry.waiter.resolve({ batchId: null, createError });
      return;
    }
    this.counts.batchesCreated += 1;
    this.counts.requestsSubmitted += entries.length;
    const tasks: BatchTask[] = entries.map((entry) => ({ taskId: entry.submission.taskId, customId: entry.customId, ...entry.submission.position }));
    const record: BatchRecord = {
      version: 1,
      batchId,
      state: "in_flight",
      model: batch.model,
      tier: batch.tier,
      createdAt: new Date(this.now()).toISOString(),
      tasks,
    };
    const known = this.remember(record);
    for (const entry of entries) this.attach(known, entry.customId, entry.waiter, entry.submission.signal);
    this.logger.info({ batchId, model: batch.model, requests: entries.length }, "message batch created");
    // Recorded before anyone waits on it: a crash from here on resumes this batch instead of creating another.
    await this.publishRecordUntilAcknowledged(record);
  }

  private attach(batch: KnownBatch, customId: string, waiter: Waiter, signal: AbortSignal): void {
    batch.waiters.set(customId, waiter);
    signal.addEventListener(
      "abort",
      () => {
        if (batch.waiters.get(customId) !== waiter) return;
        batch.waiters.delete(customId);
        waiter.reject(signal.reason);
      },
      { once: true },
    );
  }

  private pollOnce(): Promise<void> {
    this.polling ??= this.poll().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async poll(): Promise<void> {
    for (const batch of [...this.batches.values()]) {
      if (this.stopped) return;
      if (batch.waiters.size === 0) continue;
      const batchId = batch.record.batchId;
      try {
        if (!batch.ended) batch.ended = (await this.options.provider.retrieveBatch(batchId, { timeoutMs: this.timeoutMs })).status === "ended";
        if (!batch.ended) continue;
        for await (const entry of this.options.provider.batchResults(batchId, { timeoutMs: this.timeoutMs })) {
          const waiter = batch.waiters.get(entry.customId);
          if (!waiter) continue;
          batch.waiters.delete(entry.customId);
          waiter.resolve({ batchId, outcome: entry.outcome });
        }
        // A request the results do not mention cannot be answered by this batch.
        for (const [customId, waiter] of batch.waiters) {
          batch.waiters.delete(customId);
          waiter.resolve({
            batchId,
            outcome: { type: "errored", error: new ModelCallError("model_error", `batch ${batchId}: no result for ${customId}`, { retryable: true }) },
          });
        }
      } catch (error) {
        this.logger.warn({ err: error, batchId }, "polling a message batch failed; trying again on the next tick");
      }
    }
  }

  private learn(message: IncomingMessage): void {
    if (message.value === null) return;
    let json: unknown;
    try {
      json = JSON.parse(message.value.toString("utf8"));
    } catch {
      json = null;
    }
    const parsed = BatchRecordSchema.safeParse(json);
    if (!parsed.success) {
      this.logger.warn({ offset: message.offset }, "batches record does not match its schema: skipped");
      return;
    }
    if (parsed.data.state === "done") this.forget(parsed.data);
    else if (!this.batches.has(parsed.data.batchId)) this.remember(parsed.data);
  }

  private remember(record: BatchRecord): KnownBatch {
    const known: KnownBatch = { record, waiters: new Map(), ended: false };
    this.batches.set(record.batchId, known);
    for (const task of record.tasks) this.taskBatches.set(task.taskId, { batchId: record.batchId, customId: task.customId });
    return known;
  }

  private forget(record: BatchRecord): void {
    const known = this.batches.get(record.batchId);
    if (!known || known.waiters.size > 0) return;
    for (const task of known.record.tasks) if (this.taskBatches.get(task.taskId)?.batchId === record.batchId) this.taskBatches.delete(task.taskId);
    this.batches.delete(record.batchId);
  }

  private publishRecord(record: BatchRecord): Promise<void> {
    return this.options.transport.publish([{ topic: this.options.topic, key: record.batchId, value: JSON.stringify(record) }]);
  }

  private async publishRecordUntilAcknowledged(record: BatchRecord): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt += 1) {
      try {
        await this.publishRecord(record);
        return;
      } catch (error) {
        this.logger.warn({ err: error, batchId: record.batchId, attempt }, "recording the batch failed; trying again");
        await sleep(computeBackoffDelay(attempt, { initialDelayMs: 200, maxDelayMs: 30_000 }));
      }
    }
  }
}
