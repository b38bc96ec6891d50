import type { SimulatorConfig } from "./simulator-config";

interface Window {
  startedAt: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

const WINDOW_MS = 60_000;

/**
 * Per-model usage in fixed one-minute windows, reported in the
 * anthropic-ratelimit-* headers (and enforced when configured).
 */
export class RateLimitWindows {
  private readonly windows = new Map<string, Window>();

  record(model: string, now: number, inputTokens: number, outputTokens: number): void {
    const window = this.windowOf(model, now);
    window.requests += 1;
    window.inputTokens += inputTokens;
    window.outputTokens += outputTokens;
  }

  /** Milliseconds until the window resets when a budget is spent, else null. */
  exhaustedFor(model: string, now: number, limits: SimulatorConfig["rateLimits"]): number | null {
    const window = this.windowOf(model, now);
    const spent =
      window.requests >= limits.requestsPerMinute || window.inputTokens >= limits.inputTokensPerMinute || window.outputTokens >= limits.outputTokensPerMinute;
    return spent ? window.startedAt + WINDOW_MS - now : null;
  }

  headers(model: string, now: number, limits: SimulatorConfig["rateLimits"]): Record<string, string> {
    const window = this.windowOf(model, now);
    const reset = new Date(window.startedAt + WINDOW_MS).toISOString().replace(/\.\d{3}Z$/, "Z");
    const tokensLimit = limits.inputTokensPerMinute + limits.outputTokensPerMinute;
    const entries: Array<[string, number, number]> = [
      ["requests", limits.requestsPerMinute, window.requests],
      ["input-tokens", limits.inputTokensPerMinute, window.inputTokens],
      ["output-tokens", limits.outputTokensPerMinute, window.outputTokens],
      ["tokens", tokensLimit, window.inputTokens + window.outputTokens],
    ];
    const headers: Record<string, string> = {};
    for (const [name, limit, used] of entries) {
      headers[`anthropic-ratelimit-${name}-limit`] = String(limit);
      headers[`anthropic-ratelimit-${name}-remaining`] = String(Math.max(0, limit - used));
      headers[`anthropic-ratelimit-${name}-reset`] = reset;
    }
    return headers;
  }

  private windowOf(model: string, now: number): Window {
    const startedAt = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    let window = this.windows.get(model);
    if (!window || window.startedAt !== startedAt) {
      window = { startedAt, requests: 0, inputTokens: 0, outputTokens: 0 };
      this.windows.set(model, window);
    }
    return window;
  }
}
