export interface SimulatorStats {
  startedAt: string;
  /** Calls to POST /v1/messages, invalid ones included. */
  totalCalls: number;
  /** Calls being answered right now (hanging ones included). */
  inFlight: number;
  /** The most calls in flight at once since the start or the last reset, counted (not sampled). */
  peakInFlight: number;
  /** Calls held by the hang fault right now. */
  hanging: number;
  byStatus: Record<string, number>;
  /** ok, or the fault or validation error that answered the call. */
  byOutcome: Record<string, number>;
  byModel: Record<string, { calls: number; byStatus: Record<string, number> }>;
  callsPerSecond: {
    /** Calls in the last complete second. */
    last: number;
    peak: number;
    /** The last 10 minutes, one entry per second that had calls. */
    recent: Array<{ second: string; calls: number }>;
  };
}

const KEPT_SECONDS = 600;

/** Counts the simulator's calls for GET /_simulator/stats: fault tests read them to check retries and call rates. */
export class StatsRecorder {
  private startedAt = Date.now();
  private totalCalls = 0;
  private inFlight = 0;
  private peakInFlight = 0;
  private hanging = 0;
  private byStatus: Record<string, number> = {};
  private byOutcome: Record<string, number> = {};
  private byModel: Record<string, { calls: number; byStatus: Record<string, number> }> = {};
  private perSecond = new Map<number, number>();
  private peak = 0;

  begin(now: number): void {
    this.totalCalls += 1;
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    const second = Math.floor(now / 1000);
    const calls = (this.perSecond.get(second) ?? 0) + 1;
    this.perSecond.set(second, calls);
    this.peak = Math.max(this.peak, calls);
    for (const key of this.perSecond.keys()) {
      if (key > second - KEPT_SECONDS) break;
      this.perSecond.delete(key);
    }
  }

  finish(model: string | null, status: number, outcome: string): void {
    this.inFlight -= 1;
    increment(this.byStatus, String(status));
    increment(this.byOutcome, outcome);
    if (model === null) return;
    const entry = (this.byModel[model] ??= { calls: 0, byStatus: {} });
    entry.calls += 1;
    increment(entry.byStatus, String(status));
  }

  hangStarted(): void {
    this.hanging += 1;
  }

  hangEnded(): void {
    this.hanging -= 1;
  }

  reset(now: number): void {
    this.startedAt = now;
    this.totalCalls = 0;
    this.peakInFlight = this.inFlight;
    this.byStatus = {};
    this.byOutcome = {};
    this.byModel = {};
    this.perSecond.clear();
    this.peak = 0;
  }

  snapshot(now: number): SimulatorStats {
    const second = Math.floor(now / 1000);
    return {
      startedAt: new Date(this.startedAt).toISOString(),
      totalCalls: this.totalCalls,
      inFlight: this.inFlight,
      peakInFlight: this.peakInFlight,
      hanging: this.hanging,
      byStatus: { ...this.byStatus },
      byOutcome: { ...this.byOutcome },
      byModel: structuredClone(this.byModel),
      callsPerSecond: {
        last: this.perSecond.get(second - 1) ?? 0,
        peak: this.peak,
        recent: [...this.perSecond].map(([key, calls]) => ({ second: new Date(key * 1000).toISOString(), calls })),
      },
    };
  }
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
