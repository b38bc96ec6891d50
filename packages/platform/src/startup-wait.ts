import { computeBackoffDelay, type BackoffOptions } from "./compute-backoff-delay";
import { ConfigurationError, ShuttingDownError, StartupAbortedError } from "./errors";
import type { Logger } from "./logger";
import { sleep } from "./sleep";
import { withTimeout } from "./with-timeout";

/** What a failed attempt says about a dependency at start: wait it out, or stop. */
export interface DependencyCondition {
  /** transient: retried with backoff; refused: cannot heal by waiting (authentication, authorisation). */
  kind: "transient" | "refused";
  /** A short stable name (UNKNOWN_TOPIC_OR_PARTITION, ECONNREFUSED…): each one is logged once. */
  name: string;
  /** Bounded, secret-free text for the log and the last line. */
  detail: string;
}

export type ClassifyDependencyError = (error: unknown) => DependencyCondition;

export interface StartupWaitOptions {
  /** The longest a start waits for its dependencies, in total, counted from construction. */
  maxWaitMs: number;
  logger: Logger;
  /** Between attempts. Default 250 ms doubling to 5 s. */
  backoff?: BackoffOptions;
  now?: () => number;
  sleep?: (milliseconds: number, signal: AbortSignal) => Promise<void>;
}

interface Waiting {
  dependency: string;
  condition: string;
  since: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 250, maxDelayMs: 5_000 };
const MAX_DETAIL_CHARS = 300;

/**
 * A service's start: every dependency (broker, topics, group, ClickHouse) is
 * tried until it answers, through transient conditions, within one bounded
 * total wait. Each new condition is logged once with the time waited so far;
 * a condition that cannot heal, or the end of the wait, stops the start with
 * a StartupAbortedError naming the dependency; a ConfigurationError passes
 * through untouched.
 */
export class StartupWait {
  private readonly logger: Logger;
  private readonly backoff: BackoffOptions;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number, signal: AbortSignal) => Promise<void>;
  private readonly deadline: number;
  private readonly controller = new AbortController();
  private readonly waiting = new Set<Waiting>();

  constructor(private readonly options: StartupWaitOptions) {
    this.logger = options.logger.child({ component: "startup" });
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleep;
    this.deadline = this.now() + options.maxWaitMs;
  }

  /** What the start is waiting for right now, for /readyz; null when nothing. */
  waitingFor(): string | null {
    if (this.waiting.size === 0) return null;
    const now = this.now();
    return [...this.waiting].map((entry) => `waiting for ${entry.dependency}: ${entry.condition} (${Math.round((now - entry.since) / 1000)} s)`).join("; ");
  }

  /** Ends every wait at once (a shutdown signal during the start). */
  abort(): void {
    this.controller.abort(new ShuttingDownError("stopped while starting"));
  }

  /** Runs `attempt` until it succeeds, a refused condition, the end of the total wait, or abort(). */
  async until<Value>(dependency: string, attempt: () => Promise<Value>, classify: ClassifyDependencyError): Promise<Value> {
    const began = this.now();
    const seen: string[] = [];
    // Until the first attempt fails (a client's own retries can take a while), /readyz says so.
    const waiting: Waiting = { dependency, condition: "no answer yet", since: began };
    this.waiting.add(waiting);
    let last: DependencyCondition = { kind: "transient", name: "no answer", detail: "an attempt was still running" };
    const giveUp = (cause: unknown) =>
      new StartupAbortedError(
        "dependency_wait_exceeded",
        dependency,
        `${dependency} still unavailable after ${Math.round((this.now() - began) / 1000)} s (start-up wait ${Math.round(this.options.maxWaitMs / 1000)} s): ${last.name}: ${last.detail.slice(0, MAX_DETAIL_CHARS)}`,
        { cause },
      );
    try {
      for (let attemptNumber = 1; ; attemptNumber += 1) {
        this.throwIfAborted();
        let outcome: { value: Value } | "deadline";
        try {
          outcome = await this.withinDeadline(attempt());
        } catch (error) {
          this.throwIfAborted();
          if (error instanceof ConfigurationError) throw error;
          last = classify(error);
          const detail = last.detail.slice(0, MAX_DETAIL_CHARS);
          if (last.kind === "refused") {
            throw new StartupAbortedError("dependency_refused", dependency, `${dependency} refused: ${last.name}: ${detail}`, { cause: error });
          }
          const now = this.now();
          if (!seen.includes(last.name)) {
            seen.push(last.name);
            this.logger.warn({ dependency, condition: last.name, detail, waitedMs: now - began }, `waiting for ${dependency}: ${last.name}`);
          }
          waiting.condition = last.name;
          const remaining = this.deadline - now;
          if (remaining <= 0) throw giveUp(error);
          await this.sleep(Math.min(computeBackoffDelay(attemptNumber, this.backoff), remaining), this.controller.signal);
          continue;
        }
        this.throwIfAborted();
        if (outcome === "deadline") throw giveUp(undefined);
        if (seen.length > 0) this.logger.info({ dependency, waitedMs: this.now() - began, attempts: attemptNumber, conditions: seen }, `${dependency} ready`);
        return outcome.value;
      }
    } finally {
      this.waiting.delete(waiting);
    }
  }

  // An attempt still running at the deadline (a client's own retries) ends the wait: the bound is the bound.
  private withinDeadline<Value>(running: Promise<Value>): Promise<{ value: Value } | "deadline"> {
    running.catch(() => undefined);
    return withTimeout(
      running.then((value) => ({ value })),
      Math.max(0, this.deadline - this.now()),
      () => "deadline" as const,
    );
  }

  private throwIfAborted(): void {
    if (this.controller.signal.aborted) throw this.controller.signal.reason as Error;
  }
}
