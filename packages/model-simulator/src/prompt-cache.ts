import { createHash } from "node:crypto";
import { countBlockTokens, countTextTokens, MESSAGE_OVERHEAD_TOKENS } from "./count-tokens";
import type { MessagesRequest, RequestBlock } from "./messages-request";

export interface InputUsage {
  inputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  cacheCreation5mInputTokens: number;
  cacheCreation1hInputTokens: number;
}

type Ttl = "5m" | "1h";

interface Segment {
  tokens: number;
  /** What identifies the segment's content, cache_control left out. */
  material: string;
  breakpoint: Ttl | null;
}

const TTL_MS: Record<Ttl, number> = { "5m": 5 * 60_000, "1h": 60 * 60_000 };
const MAX_ENTRIES = 100_000;

/**
 * Anthropic's prompt cache, simplified: a request's prefix up to each block
 * marked with cache_control is a cache entry per model. The longest prefix
 * already cached is read; the rest up to the last breakpoint is written
 * (5-minute or 1-hour TTL from the breakpoint that covers it); the rest is
 * plain input. Prefixes shorter than the minimum are not cached.
 */
export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly minimumTokens: () => number) {}

  /** Counts the input of a request and updates the cache. */
  apply(model: string, request: MessagesRequest, now: number): InputUsage {
    const segments = splitSegments(request);
    const total = segments.reduce((sum, segment) => sum + segment.tokens, 0);
    const prefixes = this.breakpointPrefixes(model, segments);
    const usage: InputUsage = {
      inputTokens: total,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
      cacheCreation5mInputTokens: 0,
      cacheCreation1hInputTokens: 0,
    };
    const cacheable = prefixes.filter((prefix) => prefix.tokens >= this.minimumTokens());
    if (cacheable.length === 0) return usage;

    let readIndex = -1;
    cacheable.forEach((prefix, index) => {
      if ((this.entries.get(prefix.key) ?? 0) > now) readIndex = index;
    });
    let covered = readIndex >= 0 ? (cacheable[readIndex]?.tokens ?? 0) : 0;
    usage.cacheReadInputTokens = covered;
    for (const prefix of cacheable.slice(readIndex + 1)) {
      const written = prefix.tokens - covered;
      if (prefix.ttl === "1h") usage.cacheCreation1hInputTokens += written;
      else usage.cacheCreation5mInputTokens += written;
      covered = prefix.tokens;
    }
    usage.cacheCreationInputTokens = usage.cacheCreation5mInputTokens + usage.cacheCreation1hInputTokens;
    usage.inputTokens = total - usage.cacheReadInputTokens - usage.cacheCreationInputTokens;
    // A read refreshes the entry's lifetime, as the API's does.
    for (const prefix of cacheable) this.remember(prefix.key, now + TTL_MS[prefix.ttl]);
    return usage;
  }

  private breakpointPrefixes(model: string, segments: Segment[]): Array<{ key: string; tokens: number; ttl: Ttl }> {
    const hash = createHash("sha256").update(model);
    const prefixes: Array<{ key: string; tokens: number; ttl: Ttl }> = [];
    let tokens = 0;
    for (const segment of segments) {
      hash.update(segment.material);
      tokens += segment.tokens;
      if (segment.breakpoint) prefixes.push({ key: hash.copy().digest("hex"), tokens, ttl: segment.breakpoint });
    }
    return prefixes;
  }

  private remember(key: string, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, expiresAt);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** The total input tokens of a request, the way apply() counts them. */
export function countInputTokens(request: MessagesRequest): number {
  return splitSegments(request).reduce((sum, segment) => sum + segment.tokens, 0);
}

function splitSegments(request: MessagesRequest): Segment[] {
  const segments: Segment[] = [];
  if (typeof request.system === "string") segments.push({ tokens: countTextTokens(request.system), material: `system:${request.system}`, breakpoint: null });
  else for (const block of request.system ?? []) segments.push(blockSegment("system", block));
  for (const message of request.messages) {
    const first = segments.length;
    if (typeof message.content === "string")
      segments.push({ tokens: countTextTokens(message.content), material: `${message.role}:${message.content}`, breakpoint: null });
    else for (const block of message.content) segments.push(blockSegment(message.role, block));
    const head = segments[first];
    if (head) head.tokens += MESSAGE_OVERHEAD_TOKENS;
  }
  return segments;
}

function blockSegment(role: string, block: RequestBlock): Segment {
  const { cache_control: cacheControl, ...content } = block;
  return { tokens: countBlockTokens(block), material: `${role}:${JSON.stringify(content)}`, breakpoint: readBreakpoint(cacheControl) };
}

function readBreakpoint(cacheControl: unknown): Ttl | null {
  if (typeof cacheControl !== "object" || cacheControl === null) return null;
  return (cacheControl as { ttl?: unknown }).ttl === "1h" ? "1h" : "5m";
}
