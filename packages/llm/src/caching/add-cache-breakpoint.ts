import type { ContentBlock } from "@switchyard/contracts";
import type { ModelRequest } from "../model-provider";

export type CacheTtl = "5m" | "1h";

/**
 * The shortest prompt prefix each model caches, in tokens (Anthropic's prompt
 * caching guide, checked 2026-11-30). Shorter prefixes are sent without a
 * breakpoint: the API would process them uncached anyway.
 */
const MINIMUM_CACHEABLE_TOKENS: ReadonlyArray<readonly [prefix: string, tokens: number]> = [
  ["claude-opus-4-6", 4_096],
  ["claude-opus-4-5", 4_096],
  ["claude-haiku-4-5", 4_096],
  ["claude-sonnet-4-6", 2_048],
  ["claude-3-5-haiku", 2_048],
  ["claude-3-haiku", 2_048],
  ["claude-sonnet-4-5", 1_024],
  ["claude-opus-4-1", 1_024],
  ["claude-opus-4", 1_024],
  ["claude-sonnet-4", 1_024],
  ["claude-3-7-sonnet", 1_024],
  ["claude-3-5-sonnet", 1_024],
  ["claude-3-opus", 1_024],
];
/** A model missing from the table: the largest minimum, so a breakpoint is never set in vain. */
const UNKNOWN_MODEL_MINIMUM = 4_096;
const CHARACTERS_PER_TOKEN = 4;

export function minimumCacheableTokens(model: string, overrides: Readonly<Record<string, number>> = {}): number {
  const override = overrides[model];
  if (override !== undefined) return override;
  return MINIMUM_CACHEABLE_TOKENS.find(([prefix]) => model.startsWith(prefix))?.[1] ?? UNKNOWN_MODEL_MINIMUM;
}

/**
 * Marks a cache breakpoint on the system prompt (its last block) when the
 * prompt is at least the model's minimum cacheable length, so that tasks
 * sharing a long system prompt read it from the cache at a tenth of the
 * input price. Returns the request unchanged when the task opted out, the
 * prompt is short or it already carries a breakpoint.
 */
export function addCacheBreakpoint<Request extends Pick<ModelRequest, "model" | "system">>(
  request: Request,
  ttl: CacheTtl | "off",
  overrides: Readonly<Record<string, number>> = {},
): Request {
  if (ttl === "off" || request.system === undefined) return request;
  const blocks: ContentBlock[] = typeof request.system === "string" ? [{ type: "text", text: request.system }] : request.system;
  if (blocks.length === 0 || blocks.some((block) => block.cache_control !== undefined)) return request;
  const characters = blocks.reduce((sum, block) => sum + (typeof block.text === "string" ? block.text.length : 0), 0);
  if (Math.ceil(characters / CHARACTERS_PER_TOKEN) < minimumCacheableTokens(request.model, overrides)) return request;
  const cacheControl = ttl === "1h" ? { type: "ephemeral", ttl: "1h" } : { type: "ephemeral" };
  const last = blocks.length - 1;
  return { ...request, system: blocks.map((block, index) => (index === last ? { ...block, cache_control: cacheControl } : block)) };
}
