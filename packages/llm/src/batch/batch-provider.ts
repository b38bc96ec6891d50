import type { ModelCallError } from "../model-call-error";
import type { ModelRequest, ModelResponse } from "../model-provider";

export interface BatchRequestEntry {
  /** Unique in the batch; ^[a-zA-Z0-9_-]{1,64}$. */
  customId: string;
  request: ModelRequest;
}

export type BatchProcessingStatus = "in_progress" | "canceling" | "ended";

export interface BatchStatus {
  id: string;
  status: BatchProcessingStatus;
}

/** One request's outcome, provider-neutral. */
export type BatchEntryOutcome =
  { type: "succeeded"; response: ModelResponse } | { type: "errored"; error: ModelCallError } | { type: "expired" } | { type: "canceled" };

export interface BatchResultEntry {
  customId: string;
  outcome: BatchEntryOutcome;
}

/**
 * A provider's asynchronous batch API (Anthropic's Message Batches): create a
 * batch, poll it, read its results by custom id. Rejects with a
 * ModelCallError (stable code, `retryable`) like ModelProvider.
 */
export interface BatchProvider {
  createBatch(entries: readonly BatchRequestEntry[], options: { timeoutMs: number }): Promise<BatchStatus>;
  retrieveBatch(id: string, options: { timeoutMs: number }): Promise<BatchStatus>;
  /** The results of an ended batch, in any order. */
  batchResults(id: string, options: { timeoutMs: number }): AsyncIterable<BatchResultEntry>;
  cancelBatch(id: string, options: { timeoutMs: number }): Promise<BatchStatus>;
}
