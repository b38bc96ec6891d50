import { isRetryableError } from "@switchyard/platform";
import type { OutgoingMessage } from "./message";

export interface BatchingPublisherOptions {
  /** Sends one batch; resolves on the broker's acknowledgement. */
  send(messages: OutgoingMessage[]): Promise<void>;
  /** How long the first caller waits for others to join its batch. */
  lingerMs: number;
  maxBatchMessages: number;
  /** Kafka rejects a record batch over the broker's message.max.bytes (1 MB by default) per partition. */
  maxBatchBytes: number;
}

interface PendingPublish {
  messages: readonly OutgoingMessage[];
  bytes: number;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Collects the messages of many concurrent callers into one send at a time.
 * While a send is in flight, new callers queue up for the next one; each
 * caller's promise settles with the send that carried its messages.
 */
export class BatchingPublisher {
  private readonly queue: PendingPublish[] = [];
  private queuedMessages = 0;
  private timer: { cancel(): void } | null = null;
  private sending: Promise<void> | null = null;

  constructor(private readonly options: BatchingPublisherOptions) {}

  publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, bytes: messages.reduce((sum, message) => sum + sizeOf(message), 0), resolve, reject });
      this.queuedMessages += messages.length;
      this.schedule();
    });
  }

  /** Resolves once everything queued so far has been sent (or failed). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.sending) {
      if (!this.sending) this.startSending();
      await this.sending;
    }
  }

  private schedule(): void {
    if (this.sending) return;
    if (this.queuedMessages >= this.options.maxBatchMessages) {
      this.startSending();
      return;
    }
    this.timer ??= this.wait(() => this.startSending());
  }

  // No linger: send once this turn of the event loop has run (what it publishes joins the send),
  // not after a timer, which is at least 1 ms and waits for the timers phase of a busy loop.
  private wait(then: () => void): { cancel(): void } {
    if (this.options.lingerMs <= 0) {
      const immediate = setImmediate(then);
      return { cancel: () => clearImmediate(immediate) };
    }
    const timeout = setTimeout(then, this.options.lingerMs);
    return { cancel: () => clearTimeout(timeout) };
  }

  private startSending(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.sending) return;
    this.sending = this.sendQueued().finally(() => {
      this.sending = null;
      if (this.queue.length > 0) this.schedule();
    });
  }

  private async sendQueued(): Promise<void> {
    while (this.queue.length > 0) await this.sendBatch(this.takeBatch());
  }

  private takeBatch(): PendingPublish[] {
    const batch: PendingPublish[] = [];
    let count = 0;
    let bytes = 0;
    for (const next of this.queue) {
      const fits = count + next.messages.length <= this.options.maxBatchMessages && bytes + next.bytes <= this.options.maxBatchBytes;
      if (batch.length > 0 && !fits) break;
      batch.push(next);
      count += next.messages.length;
      bytes += next.bytes;
    }
    this.queue.splice(0, batch.length);
    this.queuedMessages -= count;
    return batch;
  }

  private async sendBatch(batch: PendingPublish[]): Promise<void> {
    try {
      await this.options.send(batch.flatMap((pending) => pending.messages));
      for (const pending of batch) pending.resolve();
    } catch (error) {
      // A message the broker refuses (too large, invalid) must fail only its own caller.
      if (batch.length > 1 && !isRetryableError(error)) {
        for (const pending of batch) await this.sendBatch([pending]);
        return;
      }
      for (const pending of batch) pending.reject(error);
    }
  }
}

function sizeOf(message: OutgoingMessage): number {
  let size = Buffer.byteLength(message.value) + (message.key === null ? 0 : Buffer.byteLength(message.key)) + 64;
  for (const [name, value] of Object.entries(message.headers ?? {})) size += Buffer.byteLength(name) + Buffer.byteLength(value);
  return size;
}
