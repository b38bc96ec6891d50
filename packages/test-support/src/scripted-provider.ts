import { ModelCallError } from "@switchyard/llm";
import type { ModelProvider, ModelRequest, ModelResponse } from "@switchyard/llm";

/** What a scripted call does: answer with text, or throw a ModelCallError. */
export type Script = { text: string; inputTokens?: number; outputTokens?: number } | ModelCallError;

/** A provider that follows a script per model and records the requests it got. */
export function createScriptedProvider(scripts: Record<string, Script[]>): ModelProvider & { calls: ModelRequest[] } {
  const calls: ModelRequest[] = [];
  const positions = new Map<string, number>();
  return {
    calls,
    async complete(request) {
      calls.push(request);
      const script = scripts[request.model] ?? [];
      const position = positions.get(request.model) ?? 0;
      positions.set(request.model, position + 1);
      const step = script[Math.min(position, script.length - 1)];
      if (step === undefined) throw new ModelCallError("model_error", `no script for ${request.model}`);
      if (step instanceof ModelCallError) throw step;
      return answer(request.model, step.text, step.inputTokens ?? 100, step.outputTokens ?? 20);
    },
  };
}

export function answer(model: string, text: string, inputTokens = 100, outputTokens = 20): ModelResponse {
  return {
    text,
    usage: { inputTokens, outputTokens, cacheCreationInputTokens: 0, cacheReadInputTokens: 0 },
    model,
    stopReason: "end_turn",
    requestId: `req_${model}`,
    rateLimit: null,
  };
}

export const rateLimited = (retryAfterMs?: number) =>
  new ModelCallError("model_rate_limited", "429", { retryable: true, status: 429, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
export const overloaded = () => new ModelCallError("model_overloaded", "529", { retryable: true, status: 529 });
export const spendLimit = () => new ModelCallError("model_spend_limit", "429 spend", { retryable: false, status: 429 });
export const invalidRequest = () => new ModelCallError("model_invalid_request", "400", { retryable: false, status: 400 });

/** A sleep that records the delays and returns at once (honouring an aborted signal). */
export function recordingSleep(): { delays: number[]; sleep: (milliseconds: number, signal?: AbortSignal) => Promise<void> } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (milliseconds, signal) => {
      delays.push(milliseconds);
      if (signal?.aborted) throw signal.reason;
    },
  };
}
