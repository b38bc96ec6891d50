import type { ContentBlock, TaskEvent } from "@switchyard/contracts";

/**
 * Estimates a request's input tokens before the call, without a tokenizer:
 * one token per 4 characters of text (Claude's tokenizer averages 3.5–4 on
 * English), 4 tokens of framing per message, 1,600 per image or document
 * block (Anthropic's figure for a ~1 megapixel image), and the JSON length of
 * any other block. Good enough to choose a tier; the API's count is what we bill.
 */
export const CHARACTERS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_MEDIA_BLOCK = 1_600;

export function estimateInputTokens(task: Pick<TaskEvent, "system" | "messages">): number {
  let tokens = 0;
  if (task.system !== undefined) tokens += estimateContentTokens(task.system);
  for (const message of task.messages) tokens += TOKENS_PER_MESSAGE + estimateContentTokens(message.content);
  return tokens;
}

function estimateContentTokens(content: string | ContentBlock[]): number {
  if (typeof content === "string") return Math.ceil(content.length / CHARACTERS_PER_TOKEN);
  let tokens = 0;
  for (const block of content) tokens += estimateBlockTokens(block);
  return tokens;
}

function estimateBlockTokens(block: ContentBlock): number {
  if (block.type === "text" && typeof block.text === "string") return Math.ceil(block.text.length / CHARACTERS_PER_TOKEN);
  if (block.type === "image" || block.type === "document") return TOKENS_PER_MEDIA_BLOCK;
  return Math.ceil(JSON.stringify(block).length / CHARACTERS_PER_TOKEN);
}
