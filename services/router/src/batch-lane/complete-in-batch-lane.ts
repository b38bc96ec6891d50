import type { IncomingMessage } from "@switchyard/kafka";
import {
  addCacheBreakpoint,
  cacheWritesOf,
  completeWithFallback,
  computeBatchCost,
  toResultErrorType,
  type AttemptRecord,
  type BatchEntryOutcome,
  type CacheTtl,
  type CompleteWithFallbackOptions,
  type FallbackLink,
  type FallbackOutcome,
} from "@switchyard/llm";
import { ModelCallError } from "@switchyard/llm";
import type { BatchLane } from "./batch-lane";

export interface BatchLaneCall {
  lane: BatchLane;
  taskId: string;
  /** The same options the sync path would use: chain, request, pricing, validator, retries. */
  sync: CompleteWithFallbackOptions;
  /** Prompt caching, as the sync path applies it. */
  cache: { ttl: CacheTtl | "off"; minimumTokens?: Readonly<Record<string, number>> };
  /** When the result is needed (ms since the epoch); null when the task has no deadline. */
  deadlineAt: number | null;
  position: Pick<IncomingMessage, "topic" | "partition" | "offset">;
  signal: AbortSignal;
  /** Gives the consumer loop its slot back while the batch runs. */
  park: () => void;
  now: () => number;
}

const NO_TOKENS = { inputTokens: 0, outputTokens: 0, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 };

/**
 * One task through the batch lane, with the sync path's rules after it: an
 * answer is validated like a sync one; an errored request that is worth
 * retrying, an expired or a canceled one goes the sync way on the same chain
 * when the deadline still allows (else an error result); a request the model
 * refused, or an invalid answer, moves on to the fallback tiers. Every
 * attempt is recorded, the batch one with mode "batch" at the batch rate.
 */
export async function completeInBatchLane(call: BatchLaneCall): Promise<FallbackOutcome> {
  const { sync } = call;
  const first = sync.chain[0];
  if (!first) return completeWithFallback(sync);
  call.park();
  const startedAt = call.now();
  const request = addCacheBreakpoint({ ...sync.request, model: first.model }, call.cache.ttl, call.cache.minimumTokens);
  const laneOutcome = await call.lane.submit({ taskId: call.taskId, tier: first.tier, request, position: call.position, signal: call.signal });
  if (laneOutcome.batchId === null) return completeWithFallback(sync);

  const { attempt, json, error } = judge(laneOutcome.outcome, first, sync, startedAt, call.now());
  sync.onAttempt?.(attempt);
  if (error === null)
    return {
      status: "ok",
      tier: first.tier,
      model: first.model,
      text: textOf(laneOutcome.outcome),
      ...(json === undefined ? {} : { json }),
      fallbackFrom: null,
      attempts: [attempt],
    };

  const sameChain = laneOutcome.outcome.type !== "errored" || error.retryable;
  const rest: FallbackLink[] = sameChain ? [...sync.chain] : sync.chain.slice(1);
  if (call.deadlineAt !== null && call.now() >= call.deadlineAt) {
    const late = new ModelCallError("model_timeout", `${error.message}; the deadline has passed, so it is not retried synchronously`, {
      retryable: false,
      cause: error,
    });
    return { status: "error", error: late, attempts: [attempt] };
  }
  if (rest.length === 0) return { status: "error", error, attempts: [attempt] };
  const after = await completeWithFallback({ ...sync, chain: rest });
  const attempts = [
    attempt,
    ...after.attempts.map((record) => ({
      ...record,
      attempt: record.attempt + 1,
      role: !sameChain && record.role === "primary" ? ("fallback" as const) : record.role,
    })),
  ];
  if (after.status === "error") return { ...after, attempts };
  return { ...after, fallbackFrom: after.tier === first.tier ? null : first.tier, attempts };
}

function judge(outcome: BatchEntryOutcome, link: FallbackLink, sync: CompleteWithFallbackOptions, startedAt: number, endedAt: number) {
  const usage = outcome.type === "succeeded" ? outcome.response.usage : undefined;
  let error: ModelCallError | null = null;
  let json: unknown;
  if (outcome.type === "succeeded") {
    const validation = sync.validateOutput?.(outcome.response.text);
    if (validation?.ok === false) error = new ModelCallError("output_invalid", `${link.model}: ${validation.reason}`, { retryable: false });
    else if (validation?.ok) json = validation.json;
  } else if (outcome.type === "errored") {
    error = outcome.error;
  } else {
    error = new ModelCallError(
      outcome.type === "expired" ? "model_timeout" : "model_error",
      `${link.model}: the batch request ${outcome.type === "expired" ? "expired" : "was canceled"}`,
      { retryable: true },
    );
  }
  const attempt: AttemptRecord = {
    tier: link.tier,
    model: link.model,
    role: "primary",
    attempt: 1,
    status: error === null ? "ok" : "error",
    errorType: error === null ? null : toResultErrorType(error),
    usage: usage
      ? {
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          cacheCreationInputTokens: usage.cacheCreationInputTokens,
          cacheReadInputTokens: usage.cacheReadInputTokens,
        }
      : NO_TOKENS,
    costUsd: computeBatchCost(sync.pricing, link.model, usage ?? NO_TOKENS, new Date(startedAt)),
    latencyMs: Math.max(0, endedAt - startedAt),
    startedAt: new Date(startedAt),
    requestId: null,
    mode: "batch",
    ...cacheWritesOf(usage),
  };
  return { attempt, json, error };
}

function textOf(outcome: BatchEntryOutcome): string {
  return outcome.type === "succeeded" ? outcome.response.text : "";
}
