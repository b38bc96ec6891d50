import Anthropic from "@anthropic-ai/sdk";
import type { Message as AnthropicMessage, MessageCreateParamsNonStreaming } from "@anthropic-ai/sdk/resources/messages";
import { type Logger } from "@switchyard/platform";
import { ModelCallError } from "../../model-call-error";
import { mapProviderError } from "./map-provider-error";
import type { ModelUsage } from "../../pricing/model-price";
import type { CompleteOptions, ModelProvider, ModelRequest, ModelResponse } from "../../model-provider";
import { readRateLimitHeaders } from "./read-rate-limit-headers";

export interface AnthropicProviderOptions {
  apiKey: string;
  /** The API's base URL; the model simulator's in tests and demos. Default: https://api.anthropic.com. */
  baseUrl?: string | undefined;
  logger: Logger;
  /** Extra headers on every request. */
  defaultHeaders?: Record<string, string>;
  /** A fetch implementation for the SDK (tests); the global fetch by default. */
  fetch?: typeof fetch;
}

export const DEFAULT_ANTHROPIC_BASE_URL = "https://api.anthropic.com";
export const TASK_TYPE_HEADER = "x-switchyard-task-type";
const MESSAGES_PATH = "/v1/messages";

/**
 * A ModelProvider on the official SDK's Messages API. The SDK's own retries
 * are off: completeWithRetries is the one retry loop. Every option is passed
 * explicitly so that the SDK reads nothing from the environment.
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): ModelProvider {
  const logger = options.logger.child({ component: "anthropic-provider" });
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL,
    maxRetries: 0,
    logger: toSdkLogger(logger),
    logLevel: "warn",
    ...(options.defaultHeaders ? { defaultHeaders: options.defaultHeaders } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  return {
    complete: (request, callOptions) => completeOnce(client, request, callOptions),
  };
}

async function completeOnce(client: Anthropic, request: ModelRequest, options: CompleteOptions): Promise<ModelResponse> {
  if (options.signal?.aborted) throw options.signal.reason;
  // Our own timer covers the whole call, reading the body included; the
  // SDK's timeout only covers waiting for the response headers.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = () => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    // client.post rather than client.messages.create: create() writes a
    // console.warn on every call for models the SDK lists as deprecated
    // (claude-sonnet-4-5 and claude-opus-4-5, our defaults, among them),
    // unstructured and unbounded at our call rates. Same endpoint, same
    // client (auth, errors, headers), typed with the SDK's own types.
    const { data, response, request_id } = await client
      .post<AnthropicMessage>(MESSAGES_PATH, {
        body: toParams(request),
        timeout: options.timeoutMs,
        signal: controller.signal,
        // Percent-encoded: a header carries Latin-1 only, and a task type is any string.
        ...(request.taskType === undefined ? {} : { headers: { [TASK_TYPE_HEADER]: encodeURIComponent(request.taskType) } }),
      })
      .withResponse();
    return toModelResponse(data, response.headers, request_id ?? null);
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timedOut) {
      throw new ModelCallError("model_timeout", `${request.model}: no answer within ${options.timeoutMs} ms`, { retryable: true, cause: error });
    }
    throw mapProviderError(error, request.model);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

export function toParams(request: ModelRequest): MessageCreateParamsNonStreaming {
  // Content blocks were validated loosely at the edge and pass through as the API defines them.
  return {
    model: request.model,
    max_tokens: request.maxTokens,
    messages: request.messages as MessageCreateParamsNonStreaming["messages"],
    ...(request.system === undefined ? {} : { system: request.system as MessageCreateParamsNonStreaming["system"] }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
  };
}

function toModelResponse(message: AnthropicMessage, headers: Headers, requestId: string | null): ModelResponse {
  const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
  return {
    text,
    usage: toUsage(message.usage),
    model: message.model,
    stopReason: message.stop_reason ?? null,
    requestId: requestId ?? headers.get("request-id"),
    rateLimit: readRateLimitHeaders(headers),
  };
}

export function toUsage(usage: AnthropicMessage["usage"]): ModelUsage {
  const split = usage.cache_creation;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
    ...(split ? { cacheCreation5mInputTokens: split.ephemeral_5m_input_tokens, cacheCreation1hInputTokens: split.ephemeral_1h_input_tokens } : {}),
  };
}

// The SDK logs through this (its own warnings included), so its lines are JSON and redacted like ours.
export function toSdkLogger(logger: Logger) {
  return {
    error: (message: string, ...rest: unknown[]) => logger.error({ sdk: rest }, message),
    warn: (message: string, ...rest: unknown[]) => logger.warn({ sdk: rest }, message),
    info: (message: string, ...rest: unknown[]) => logger.info({ sdk: rest }, message),
    debug: (message: string, ...rest: unknown[]) => logger.debug({ sdk: rest }, message),
  };
}
