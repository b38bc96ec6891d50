import type { RequestBlock } from "./messages-request";

/** About 4 characters per token, as the router's estimate assumes. */
export const CHARACTERS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_MEDIA_BLOCK = 1_600;

export function countTextTokens(text: string): number {
  return Math.ceil(text.length / CHARACTERS_PER_TOKEN);
}

export function countBlockTokens(block: RequestBlock): number {
  if (block.type === "text" && typeof block.text === "string") return countTextTokens(block.text);
  if (block.type === "image" || block.type === "document") return TOKENS_PER_MEDIA_BLOCK;
  const { cache_control: _cacheControl, ...rest } = block;
  return countTextTokens(JSON.stringify(rest));
}

/** The framing tokens of one message, counted with its first block. */
export const MESSAGE_OVERHEAD_TOKENS = TOKENS_PER_MESSAGE;
