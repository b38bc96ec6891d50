import { SpanKind, SpanStatusCode, type Attributes, type Tracer } from "@opentelemetry/api";

/** One model call as the llm package records it (an AttemptRecord): no prompt or answer text. */
export interface ModelCall {
  model: string;
  /** The model id the provider answered with, when it answered. */
  responseModel?: string;
  tier: string;
  role: string;
  attempt: number;
  status: "ok" | "error" | "abandoned";
  errorType: string | null;
  usage: { inputTokens: number; outputTokens: number; cacheCreationInputTokens: number; cacheReadInputTokens: number };
  costUsd: number | null;
  latencyMs: number;
  startedAt: Date;
  requestId: string | null;
  mode?: string;
}

export interface ModelCallContext {
  /** The provider's name in the GenAI conventions (anthropic, …). */
  provider: string;
  taskType: string;
}

/**
 * A CLIENT span for a model call that has settled, with the OpenTelemetry GenAI
 * semantic-convention attributes (semantic-conventions 1.45: gen_ai.provider.name;
 * gen_ai.system too, the name before 1.37, for backends that still read it)
 * and Switchyard's tier, role and cost. Recorded afterwards from the call's own
 * start and latency, as a child of the active span (the message being handled).
 */
export function recordModelCallSpan(tracer: Tracer, call: ModelCall, callContext: ModelCallContext): void {
  const startTime = call.startedAt;
  const attributes: Attributes = {
    "gen_ai.operation.name": "chat",
    "gen_ai.provider.name": callContext.provider,
    "gen_ai.system": callContext.provider,
    "gen_ai.request.model": call.model,
    "gen_ai.usage.input_tokens": call.usage.inputTokens,
    "gen_ai.usage.output_tokens": call.usage.outputTokens,
    "gen_ai.usage.cache_creation.input_tokens": call.usage.cacheCreationInputTokens,
    "gen_ai.usage.cache_read.input_tokens": call.usage.cacheReadInputTokens,
    "switchyard.tier": call.tier,
    "switchyard.role": call.role,
    "switchyard.attempt": call.attempt,
    "switchyard.task.type": callContext.taskType,
    "switchyard.call.mode": call.mode ?? "sync",
  };
  if (call.responseModel !== undefined) attributes["gen_ai.response.model"] = call.responseModel;
  // Absent when the model has no price: never a made-up 0.
  if (call.costUsd !== null) attributes["switchyard.cost_usd"] = call.costUsd;
  if (call.requestId !== null) attributes["switchyard.provider.request_id"] = call.requestId;
  const span = tracer.startSpan(`chat ${call.model}`, { kind: SpanKind.CLIENT, startTime, attributes });
  if (call.status !== "ok") {
    const errorType = call.errorType ?? call.status;
    span.setAttribute("error.type", errorType);
    span.setStatus({ code: SpanStatusCode.ERROR, message: errorType });
  }
  span.end(new Date(startTime.getTime() + call.latencyMs));
}
