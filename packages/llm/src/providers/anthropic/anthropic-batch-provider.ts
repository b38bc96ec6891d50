import Anthropic from "@anthropic-ai/sdk";
import type { MessageBatch, MessageBatchIndividualResponse } from "@anthropic-ai/sdk/resources/messages/batches";
import { type Logger } from "@switchyard/platform";
import { ModelCallError } from "../../model-call-error";
import { DEFAULT_ANTHROPIC_BASE_URL, toParams, toSdkLogger, toUsage } from "./anthropic-provider";
import type { BatchEntryOutcome, BatchProvider, BatchResultEntry, BatchStatus } from "../../batch/batch-provider";
import { mapProviderError } from "./map-provider-error";

export interface AnthropicBatchProviderOptions {
  apiKey: string;
  baseUrl?: string | undefined;
  logger: Logger;
}

// Per-request error types the API may report inside a batch's results that are worth another try.
const RETRYABLE_TYPES = new Set(["api_error", "overloaded_error", "rate_limit_error", "timeout_error"]);

/** A BatchProvider on the official SDK's messages.batches (Message Batches API). */
export function createAnthropicBatchProvider(options: AnthropicBatchProviderOptions): BatchProvider {
  const client = new Anthropic({
    apiKey: options.apiKey,
    baseURL: options.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL,
    maxRetries: 0,
    logger: toSdkLogger(options.logger.child({ component: "anthropic-batch-provider" })),
    logLevel: "warn",
  });
  const call = async <Value>(what: string, run: () => Promise<Value>): Promise<Value> => {
    try {
      return await run();
    } catch (error) {
      throw mapProviderError(error, what);
    }
  };
  return {
    createBatch: (entries, { timeoutMs }) =>
      call("message batch", async () =>
        toStatus(
          await client.messages.batches.create(
            { requests: entries.map((entry) => ({ custom_id: entry.customId, params: toParams(entry.request) })) },
            { timeout: timeoutMs },
          ),
        ),
      ),
    retrieveBatch: (id, { timeoutMs }) => call(id, async () => toStatus(await client.messages.batches.retrieve(id, {}, { timeout: timeoutMs }))),
    cancelBatch: (id, { timeoutMs }) => call(id, async () => toStatus(await client.messages.batches.cancel(id, {}, { timeout: timeoutMs }))),
    batchResults: (id, { timeoutMs }) => readResults(client, id, timeoutMs),
  };
}

async function* readResults(client: Anthropic, id: string, timeoutMs: number): AsyncIterable<BatchResultEntry> {
  let stream: AsyncIterable<MessageBatchIndividualResponse>;
  try {
    stream = await client.messages.batches.results(id, {}, { timeout: timeoutMs });
  } catch (error) {
    throw mapProviderError(error, id);
  }
  for await (const entry of stream) yield { customId: entry.custom_id, outcome: toOutcome(entry) };
}

function toOutcome(entry: MessageBatchIndividualResponse): BatchEntryOutcome {
  const result = entry.result;
  switch (result.type) {
    case "succeeded": {
      const message = result.message;
      const text = message.content.map((block) => (block.type === "text" ? block.text : "")).join("");
      return {
        type: "succeeded",
        response: { text, usage: toUsage(message.usage), model: message.model, stopReason: message.stop_reason ?? null, requestId: null, rateLimit: null },
      };
    }
    case "errored": {
      const type = result.error.error.type;
      const retryable = RETRYABLE_TYPES.has(type);
      const code = type === "invalid_request_error" ? "model_invalid_request" : type === "overloaded_error" ? "model_overloaded" : "model_error";
      return {
        type: "errored",
        error: new ModelCallError(code, `batch request ${entry.custom_id}: ${type}: ${result.error.error.message}`.slice(0, 500), { retryable }),
      };
    }
    default:
      return { type: result.type };
  }
}

function toStatus(batch: MessageBatch): BatchStatus {
  return { id: batch.id, status: batch.processing_status };
}
