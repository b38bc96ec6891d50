import { createHash } from "node:crypto";
import type { AlertEvent } from "@switchyard/contracts";
import type { Logger } from "@switchyard/platform";
import { budgetCovers, listBudgets, type Budget, type SpendScope } from "./budget";
import type { BudgetPeriod, BudgetsConfig } from "./budget-config";
import { periodKey, periodStart } from "./budget-periods";
import { buildBudgetStatus, limitedPeriods, type BudgetStatus } from "./budget-status";

/** Spend stored per tenant and feature (the ClickHouse rollup), for the current UTC day and month. */
export interface StoredSpendRow {
  tenant: string;
  feature: string;
  dayUsd: number;
  monthUsd: number;
}

export interface StoredSpendQuery {
  dayStart: Date;
  monthStart: Date;
  /** This instance's usage event ids not known to be stored yet, and a time at or before every one of their calls started. */
  recentEventIds: string[];
  recentSince: Date;
}

export interface StoredSpend {
  rows: StoredSpendRow[];
  /** Which of recentEventIds the store has. Looked up before `rows` is read, so a row stored in between is counted twice (early, never late). */
  storedEventIds: string[];
}

export type ReadStoredSpend = (query: StoredSpendQuery) => Promise<StoredSpend>;

/** One model call's cost as the router published it in its usage event. */
export interface SpendRecord {
  costUsd: number | null;
  /** The usage event's id; null when no usage event was published. */
  eventId: string | null;
  /** The usage event's ts: when the call started, the time the store files it under. */
  ts?: string;
}

export interface SpendTrackerOptions {
  config: BudgetsConfig;
  /** Reads the shared spend; absent: this instance knows only its own spend. */
  readStoredSpend?: ReadStoredSpend;
  /** Budget threshold alerts (soft thresholds and the limit itself), each once per period and instance. */
  onAlert?: (alert: AlertEvent) => void;
  logger: Logger;
  now?: () => number;
}

/** A budget the task's spend would pass: spend (with reservations) >= limit. */
export interface ExceededBudget {
  budget: Budget;
  period: BudgetPeriod;
  spentUsd: number;
  limitUsd: number;
  resetsAt: string;
}

/** Estimated cost held against every covering budget while a call is in flight. */
export interface Reservation {
  /** Releases the estimate and records what the calls really cost. */
  settle(spends: readonly SpendRecord[]): void;
}

interface RecentSpend {
  at: number;
  /** When the call started, as far as known: the earliest time its stored row can carry. */
  startedAt: number;
  costUsd: number;
  eventId: string | null;
  keys: Record<BudgetPeriod, string>;
}

interface Ledger {
  budget: Budget;
  stored: Record<BudgetPeriod, { key: string; usd: number } | null>;
  recent: RecentSpend[];
  recentSums: Map<string, number>;
  reservedUsd: number;
  alerted: Set<string>;
}

const PERIODS: readonly BudgetPeriod[] = ["day", "month"];

/**
 * What every budget has spent, as one router instance knows it: the stored
 * spend of all instances (read every refreshIntervalMs), plus its own spend
 * since shortly before that read, plus the estimated cost of its calls in flight.
 */
export class SpendTracker {
  private config: BudgetsConfig;
  private ledgers: Ledger[] = [];
  private readonly now: () => number;
  private readonly logger: Logger;
  private waiters: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  private readFailing = false;

  constructor(private readonly options: SpendTrackerOptions) {
    this.config = options.config;
    this.now = options.now ?? Date.now;
    this.logger = options.logger.child({ component: "spend-tracker" });
    this.setConfig(options.config);
  }

  get budgetsConfig(): BudgetsConfig {
    return this.config;
  }

  /** Replaces the budgets (a raised limit applies at once); spend known for a kept budget id stays. */
  setConfig(config: BudgetsConfig): void {
    const previous = new Map(this.ledgers.map((ledger) => [ledger.budget.id, ledger]));
    this.config = config;
    this.ledgers = listBudgets(config).map((budget) => {
      const kept = previous.get(budget.id);
      if (!kept) return { budget, stored: { day: null, month: null }, recent: [], recentSums: new Map(), reservedUsd: 0, alerted: new Set() };
      // The same object: reservations taken before the change release into it.
      kept.budget = budget;
      return kept;
    });
    this.wake();
  }

  /** Reads the stored spend now, then every refreshIntervalMs until stop(). */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.config.refreshIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.wake();
  }

  /** One read of the stored spend (failures are logged; the last known figures stay). */
  refresh(): Promise<void> {
    this.refreshing ??= this.readOnce().finally(() => {
      this.refreshing = null;
      this.checkAlerts(this.ledgers);
      this.wake();
    });
    return this.refreshing;
  }

  /** Budgets covering this scope whose spend, reservations included, reached a limit. */
  exceeded(scope: SpendScope): ExceededBudget[] {
    const at = this.now();
    const found: ExceededBudget[] = [];
    for (const ledger of this.covering(scope)) {
      for (const period of limitedPeriods(ledger.budget)) {
        const limitUsd = ledger.budget.limits[period] as number;
        const spentUsd = this.spent(ledger, period, at) + ledger.reservedUsd;
        if (spentUsd >= limitUsd)
          found.push({ budget: ledger.budget, period, spentUsd, limitUsd, resetsAt: buildBudgetStatus(ledger.budget, period, at, 0, 0).resetsAt });
      }
    }
    return found;
  }

  /** Holds `estimateUsd` against every budget covering the scope until the call settles. */
  reserve(scope: SpendScope, estimateUsd: number): Reservation {
    const ledgers = this.covering(scope);
    for (const ledger of ledgers) ledger.reservedUsd += estimateUsd;
    let settled = false;
    return {
      settle: (spends) => {
        if (settled) return;
        settled = true;
        for (const ledger of ledgers) ledger.reservedUsd = Math.max(0, ledger.reservedUsd - estimateUsd);
        for (const spend of spends) if (spend.costUsd !== null && spend.costUsd > 0) this.record(ledgers, spend.costUsd, spend);
        this.checkAlerts(ledgers);
        this.wake();
      },
    };
  }

  statuses(): BudgetStatus[] {
    const at = this.now();
    return this.ledgers.flatMap((ledger) =>
      limitedPeriods(ledger.budget).map((period) => buildBudgetStatus(ledger.budget, period, at, this.spent(ledger, period, at), ledger.reservedUsd)),
    );
  }

  /** Resolves at the next change of what the budgets know (a read, a settled call, new limits), or after timeoutMs. */
  waitForChange(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      signal?.addEventListener("abort", done, { once: true });
      if (signal?.aborted) done();
      this.waiters.push(done);
    });
  }

  private covering(scope: SpendScope): Ledger[] {
    return this.ledgers.filter((ledger) => budgetCovers(ledger.budget, scope));
  }

  private spent(ledger: Ledger, period: BudgetPeriod, at: number): number {
    const key = periodKey(period, at);
    const stored = ledger.stored[period];
    return (stored?.key === key ? stored.usd : 0) + (ledger.recentSums.get(`${period}:${key}`) ?? 0);
  }

  private record(ledgers: Ledger[], costUsd: number, spend: SpendRecord): void {
    const at = this.now();
    const keys = { day: periodKey("day", at), month: periodKey("month", at) };
    const started = spend.ts === undefined ? Number.NaN : Date.parse(spend.ts);
    // Usage events carry the call's start; without one, a call may have started up to the store's lag before it settled.
    const startedAt = Number.isFinite(started) ? Math.min(started, at) : at - this.config.storeLagMs;
    for (const ledger of ledgers) {
      // Without a store nothing is ever read back: the sums alone are the spend.
      if (this.options.readStoredSpend) ledger.recent.push({ at, startedAt, costUsd, eventId: spend.eventId, keys });
      for (const period of PERIODS) addTo(ledger.recentSums, `${period}:${keys[period]}`, costUsd);
    }
  }

  private async readOnce(): Promise<void> {
    const read = this.options.readStoredSpend;
    const startedAt = this.now();
    if (read) {
      const pending = new Set<string>();
      let earliest = startedAt;
      for (const ledger of this.ledgers) {
        for (const entry of ledger.recent) {
          if (entry.eventId === null) continue;
          pending.add(entry.eventId);
          earliest = Math.min(earliest, entry.startedAt);
        }
      }
      try {
        const stored = await read({
          dayStart: new Date(periodStart("day", startedAt)),
          monthStart: new Date(periodStart("month", startedAt)),
          recentEventIds: [...pending],
          recentSince: new Date(earliest),
        });
        this.applyStored(stored, startedAt);
        if (this.readFailing) this.logger.info("the stored spend can be read again");
        this.readFailing = false;
      } catch (error) {
        // Once per outage, not at every refresh.
        if (!this.readFailing)
          this.logger.warn({ err: error }, "cannot read the stored spend: budgets use the last figures read and this instance's own spend");
        this.readFailing = true;
      }
    }
    this.forgetOldPeriods(startedAt);
  }

  private applyStored({ rows, storedEventIds }: StoredSpend, startedAt: number): void {
    const storedIds = new Set(storedEventIds);
    const keys = { day: periodKey("day", startedAt), month: periodKey("month", startedAt) };
    for (const ledger of this.ledgers) {
      let day = 0;
      let month = 0;
      for (const row of rows) {
        if (!budgetCovers(ledger.budget, row)) continue;
        day += row.dayUsd;
        month += row.monthUsd;
      }
      ledger.stored = { day: { key: keys.day, usd: day }, month: { key: keys.month, usd: month } };
      // Own spend the store has is in what was just read; so is spend older than the store's
      // lag (or without a usage event to look for): drop both from the recent sums.
      const cutoff = startedAt - this.config.storeLagMs;
      ledger.recent = ledger.recent.filter((entry) => {
        const inStore = entry.eventId === null ? entry.at < cutoff : storedIds.has(entry.eventId) || entry.at < cutoff;
        if (!inStore) return true;
        for (const period of PERIODS)
          if (ledger.recentSums.has(`${period}:${entry.keys[period]}`)) addTo(ledger.recentSums, `${period}:${entry.keys[period]}`, -entry.costUsd);
        return false;
      });
    }
  }

  private forgetOldPeriods(at: number): void {
    const current = new Set(PERIODS.map((period) => `${period}:${periodKey(period, at)}`));
    for (const ledger of this.ledgers) for (const key of [...ledger.recentSums.keys()]) if (!current.has(key)) ledger.recentSums.delete(key);
  }

  private checkAlerts(ledgers: readonly Ledger[]): void {
    const onAlert = this.options.onAlert;
    if (!onAlert) return;
    const at = this.now();
    for (const ledger of ledgers) {
      for (const period of limitedPeriods(ledger.budget)) {
        const limitUsd = ledger.budget.limits[period] as number;
        if (limitUsd <= 0) continue;
        const spentUsd = this.spent(ledger, period, at);
        const key = periodKey(period, at);
        for (const threshold of [...ledger.budget.alertAt, 1]) {
          if (spentUsd < threshold * limitUsd) continue;
          const alertKey = `${period}|${key}|${threshold}`;
          if (ledger.alerted.has(alertKey)) continue;
          ledger.alerted.add(alertKey);
          onAlert(buildBudgetAlert(ledger.budget, period, key, threshold, spentUsd, limitUsd, at));
        }
      }
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function addTo(sums: Map<string, number>, key: string, value: number): void {
  sums.set(key, (sums.get(key) ?? 0) + value);
}

/** The id is the same on every instance, so a webhook delivers it once however many routers saw it. */
export function buildBudgetAlert(
  budget: Budget,
  period: BudgetPeriod,
  key: string,
  threshold: number,
  spentUsd: number,
  limitUsd: number,
  at: number,
): AlertEvent {
  const kind = threshold >= 1 ? "budget_exceeded" : "budget_threshold";
  const subject = `budget=${budget.id} period=${period}`;
  const percent = `${Math.round(threshold * 100)}%`;
  return {
    version: 1,
    alertId: createHash("sha256").update(`${kind}|${budget.id}|${period}|${key}|${threshold}`).digest("hex").slice(0, 32),
    ts: new Date(at).toISOString(),
    kind,
    subject,
    hour: key,
    observed: spentUsd,
    baseline: limitUsd,
    threshold,
    message:
      kind === "budget_exceeded"
        ? `budget ${budget.id} reached its ${period} limit ($${spentUsd.toFixed(4)} of $${limitUsd.toFixed(2)} for ${key}): action ${budget.action}`
        : `budget ${budget.id} passed ${percent} of its ${period} limit ($${spentUsd.toFixed(4)} of $${limitUsd.toFixed(2)} for ${key})`,
  };
}
