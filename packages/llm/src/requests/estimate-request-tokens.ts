import type { ModelRequest } from "../model-provider";

const CHARACTERS_PER_TOKEN = 4;

/**
 * A request's tokens for rate-limit budgets before the call: about 4
 * characters per token of the system prompt and messages (their JSON, which
 * slightly overcounts) plus max_tokens, the most the answer may use.
 * The call's real usage corrects the budget afterwards.
 */
export function estimateRequestTokens(request: Pick<ModelRequest, "system" | "messages" | "maxTokens">): number {
  const characters = JSON.stringify(request.system ?? "").length + JSON.stringify(request.messages).length;
  return Math.ceil(characters / CHARACTERS_PER_TOKEN) + request.maxTokens;
}
