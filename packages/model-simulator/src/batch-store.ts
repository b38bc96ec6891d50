import { randomBytes } from "node:crypto";
import { invalidRequest, type ApiError } from "./api-error";
import type { MessagesRequest } from "./messages-request";
import { hashToUnit } from "./seeded-random";
import type { BatchOutcomeRule, SimulatorConfig } from "./simulator-config";

/** What a request of a batch produced, in the API's shape (MessageBatchResult). */
export type BatchResult =
  | { type: "succeeded"; message: unknown }
  | { type: "errored"; error: { type: "error"; error: { type: string; message: string }; request_id: string | null } }
  | { type: "expired" }
  | { type: "canceled" };

export interface BatchRequest {
  customId: string;
  params: MessagesRequest;
  profileModel: string;
  taskType: string | null;
}

interface StoredBatch {
  id: string;
  createdAt: number;
  /** When processing ends (by itself, by expiry or after a cancel). */
  endsAt: number;
  expiresAt: number;
  cancelInitiatedAt: number | null;
  requests: BatchRequest[];
  results: Array<{ custom_id: string; result: BatchResult }> | null;
}

/** Runs one request of a batch as a synchronous call would (prompt cache included). */
export type CompleteRequest = (request: BatchRequest) => unknown;

const CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_REQUESTS = 100_000;
const MAX_STORED_BATCHES = 10_000;
const RESULTS_KEPT_MS = 29 * 86_400_000;

/**
 * The Message Batches API, simulated: a batch ends `processingMs` after it is
 * created (or at its expiry when that comes first, every unprocessed request
 * then expired), each request is answered as /v1/messages would answer it,
 * and configured outcome rules turn a share of requests into errored or
 * expired ones. Processing happens when the batch is next read after its end.
 */
export class BatchStore {
  private readonly batches = new Map<string, StoredBatch>();
  private created = 0;
  private readonly ruleHits = new Map<BatchOutcomeRule, number>();

  constructor(
    private readonly config: () => SimulatorConfig,
    private readonly complete: CompleteRequest,
  ) {}

  create(requests: BatchRequest[], now: number): StoredBatch | ApiError {
    if (requests.length === 0) return invalidRequest("requests: at least one request is required");
    if (requests.length > MAX_REQUESTS) return invalidRequest(`requests: at most ${MAX_REQUESTS} requests per batch`);
    const seen = new Set<string>();
    for (const [index, request] of requests.entries()) {
      if (!CUSTOM_ID.test(request.customId)) return invalidRequest(`requests.${index}.custom_id: must match ^[a-zA-Z0-9_-]{1,64}$`);
      if (seen.has(request.customId)) return invalidRequest(`requests.${index}.custom_id: duplicate custom_id '${request.customId}'`);
      seen.add(request.customId);
    }
    const { processingMs, expiresAfterMs } = this.config().batches;
    const batch: StoredBatch = {
      id: `msgbatch_${randomBytes(12).toString("hex")}`,
      createdAt: now,
      endsAt: now + Math.min(processingMs, expiresAfterMs),
      expiresAt: now + expiresAfterMs,
      cancelInitiatedAt: null,
      requests,
      results: null,
    };
    this.batches.set(batch.id, batch);
    this.created += 1;
    if (this.batches.size > MAX_STORED_BATCHES) this.batches.delete(this.batches.keys().next().value as string);
    return batch;
  }

  get(id: string, now: number): StoredBatch | null {
    const batch = this.batches.get(id);
    if (!batch) return null;
    this.settle(batch, now);
    return batch;
  }

  /** Newest first, as the API lists them. */
  list(now: number): StoredBatch[] {
    const all = [...this.batches.values()].reverse();
    for (const batch of all) this.settle(batch, now);
    return all;
  }

  cancel(id: string, now: number): StoredBatch | null {
    const batch = this.batches.get(id);
    if (!batch) return null;
    if (batch.results === null && batch.cancelInitiatedAt === null) {
      batch.cancelInitiatedAt = now;
      batch.endsAt = Math.min(batch.endsAt, now);
    }
    return batch;
  }

  stats(): { created: number; stored: number } {
    return { created: this.created, stored: this.batches.size };
  }

  /** The API's MessageBatch object. */
  describe(batch: StoredBatch, baseUrl: string, now: number): Record<string, unknown> {
    const ended = batch.results !== null;
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (batch.results) for (const entry of batch.results) counts[entry.result.type] += 1;
    else counts.processing = batch.requests.length;
    const status = ended ? "ended" : batch.cancelInitiatedAt === null ? "in_progress" : "canceling";
    return {
      id: batch.id,
      type: "message_batch",
      processing_status: status,
      request_counts: counts,
      created_at: iso(batch.createdAt),
      expires_at: iso(batch.expiresAt),
      ended_at: ended ? iso(batch.endsAt) : null,
      cancel_initiated_at: batch.cancelInitiatedAt === null ? null : iso(batch.cancelInitiatedAt),
      archived_at: null,
      results_url: ended && now - batch.createdAt < RESULTS_KEPT_MS ? `${baseUrl}/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  private settle(batch: StoredBatch, now: number): void {
    if (batch.results !== null || now < batch.endsAt) return;
    const canceled = batch.cancelInitiatedAt !== null;
    const expired = !canceled && batch.endsAt >= batch.expiresAt;
    batch.results = batch.requests.map((request) => ({
      custom_id: request.customId,
      result: canceled ? { type: "canceled" } : expired ? { type: "expired" } : this.process(request),
    }));
    // The requests are not needed any more; the results are what is kept.
    batch.requests = [];
  }

  private process(request: BatchRequest): BatchResult {
    const config = this.config();
    for (const rule of config.batches.outcomes) {
      if (rule.models && !rule.models.includes(request.profileModel) && !rule.models.includes(request.params.model)) continue;
      const hits = this.ruleHits.get(rule) ?? 0;
      if (rule.limit !== undefined && hits >= rule.limit) continue;
      if (hashToUnit(config.seed, "batch-outcome", rule.kind, request.customId) >= rule.share) continue;
      this.ruleHits.set(rule, hits + 1);
      if (rule.kind === "expired") return { type: "expired" };
      return { type: "errored", error: { type: "error", error: { type: rule.errorType, message: "simulated batch request error" }, request_id: null } };
    }
    return { type: "succeeded", message: this.complete(request) };
  }
}

function iso(milliseconds: number): string {
  return new Date(milliseconds).toISOString();
}
