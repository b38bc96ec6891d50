import { sleep as defaultSleep, type Logger } from "@switchyard/platform";
import type { RateLimitSnapshot } from "../model-provider";

export interface RateLimitBudget {
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

export interface RateLimiterOptions {
  /** Budgets by model id (the routing config's `rateLimits`); models not named only follow the provider's signals. */
  limits?: Readonly<Record<string, RateLimitBudget>>;
  /** The longest pause taken from a retry-after or a rate-limit reset. Default 60 s. */
  maxPauseMs?: number;
  logger?: Logger;
  now?: () => number;
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

/** What a finished call tells the limiter. */
export interface RateLimitReport {
  /** What acquire() reserved for the call. */
  estimatedTokens: number;
  /** Tokens the call really used (input, cache writes and output); 0 for a call that failed. */
  usedTokens: number;
  rateLimit?: RateLimitSnapshot | null | undefined;
  /** The provider's retry-after on a 429: every call to the model waits it out. */
  retryAfterMs?: number | undefined;
}

export interface RateLimiter {
  /** Resolves when a call to `model` may start; rejects with the signal's reason when aborted while waiting. */
  acquire(model: string, estimatedTokens: number, signal?: AbortSignal): Promise<void>;
  /** After every call: corrects the token budget by real usage and adapts to the provider's rate-limit signals. */
  settle(model: string, report: RateLimitReport): void;
  /** The time (ms since the epoch) before which calls to `model` wait; 0 when not paused. */
  pausedUntil(model: string): number;
}

const MINUTE_MS = 60_000;
const DEFAULT_MAX_PAUSE_MS = 60_000;

/**
 * A token bucket per budget, refilled continuously, that starts full. A call
 * reserves its share at once, even when it must wait, so that waiting calls
 * are served in arrival order; a call that is aborted while waiting gives
 * its reservation back.
 */
class Bucket {
  private available: number;
  private updatedAt: number;
  private readonly perMillisecond: number;

  constructor(
    private readonly capacity: number,
    now: number,
  ) {
    this.available = capacity;
    this.updatedAt = now;
    this.perMillisecond = capacity / MINUTE_MS;
  }

  /** Takes `amount` (at most the capacity) and returns how long to wait for it. */
  reserve(amount: number, now: number): number {
    this.refill(now);
    this.available -= Math.min(amount, this.capacity);
    return this.available >= 0 ? 0 : -this.available / this.perMillisecond;
  }

  giveBack(amount: number, now: number): void {
    this.refill(now);
    this.available = Math.min(this.capacity, this.available + amount);
  }

  private refill(now: number): void {
    this.available = Math.min(this.capacity, this.available + (now - this.updatedAt) * this.perMillisecond);
    this.updatedAt = now;
  }
}

interface ModelState {
  requests: Bucket | null;
  tokens: Bucket | null;
  pausedUntil: number;
}

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const maxPauseMs = options.maxPauseMs ?? DEFAULT_MAX_PAUSE_MS;
  const states = new Map<string, ModelState>();

  const stateOf = (model: string): ModelState => {
    let state = states.get(model);
    if (!state) {
      const budget = options.limits?.[model];
      state = {
        requests: budget?.requestsPerMinute ? new Bucket(budget.requestsPerMinute, now()) : null,
        tokens: budget?.tokensPerMinute ? new Bucket(budget.tokensPerMinute, now()) : null,
        pausedUntil: 0,
      };
      states.set(model, state);
    }
    return state;
  };

  const pause = (model: string, state: ModelState, until: number, reason: string) => {
    const capped = Math.min(until, now() + maxPauseMs);
    if (capped <= state.pausedUntil) return;
    state.pausedUntil = capped;
    options.logger?.debug({ model, pauseMs: Math.round(capped - now()), reason }, "rate limit: calls to this model wait");
  };

  return {
    async acquire(model, estimatedTokens, signal) {
      const state = stateOf(model);
      const start = now();
      const budgetWait = Math.max(state.requests?.reserve(1, start) ?? 0, state.tokens?.reserve(estimatedTokens, start) ?? 0);
      try {
        if (budgetWait > 0) await sleep(budgetWait, signal);
        // A pause may begin or grow while we wait: check again after every sleep.
        for (let wait = state.pausedUntil - now(); wait > 0; wait = state.pausedUntil - now()) await sleep(wait, signal);
      } catch (error) {
        state.requests?.giveBack(1, now());
        state.tokens?.giveBack(estimatedTokens, now());
        throw error;
      }
    },

    settle(model, report) {
      const state = stateOf(model);
      const difference = report.usedTokens - report.estimatedTokens;
      if (difference < 0) state.tokens?.giveBack(-difference, now());
      else if (difference > 0) state.tokens?.reserve(difference, now());
      if (report.retryAfterMs !== undefined) pause(model, state, now() + report.retryAfterMs, "retry-after");
      const resetAt = exhaustedUntil(report.rateLimit ?? null, now());
      if (resetAt !== null) pause(model, state, resetAt, "remaining reached 0");
    },

    pausedUntil: (model) => states.get(model)?.pausedUntil ?? 0,
  };
}

/** The latest reset among the provider's windows that have nothing left, or null. */
function exhaustedUntil(snapshot: RateLimitSnapshot | null, now: number): number | null {
  if (!snapshot) return null;
  let until: number | null = null;
  for (const window of [snapshot.requests, snapshot.tokens, snapshot.inputTokens, snapshot.outputTokens]) {
    if (!window || window.remaining === null || window.remaining > 0 || window.resetAt === null) continue;
    const reset = window.resetAt.getTime();
    if (reset > now && (until === null || reset > until)) until = reset;
  }
  return until;
}
