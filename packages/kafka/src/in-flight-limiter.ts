/**
 * Counts the messages in flight and hands a freed slot to the longest waiter,
 * so that batches of several partitions waiting at the limit take turns.
 */
export class InFlightLimiter {
  private active = 0;
  private peak = 0;
  private readonly waiters: Array<(granted: boolean) => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`maxInFlight must be an integer >= 1, got ${limit}`);
  }

  get inFlight(): number {
    return this.active;
  }

  get peakInFlight(): number {
    return this.peak;
  }

  get isFull(): boolean {
    return this.active >= this.limit;
  }

  tryAcquire(): boolean {
    if (this.active >= this.limit || this.waiters.length > 0) return false;
    this.grant();
    return true;
  }

  /** Resolves true once a slot is granted, false after `timeoutMs` (the caller heartbeats and asks again). */
  acquire(timeoutMs: number): Promise<boolean> {
    if (this.tryAcquire()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = (granted: boolean) => {
        clearTimeout(timer);
        resolve(granted);
      };
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  release(): void {
    this.active -= 1;
    const next = this.waiters.shift();
    if (next) {
      this.grant();
      next(true);
    }
  }

  /** Wakes every waiter without a slot (stopping). */
  cancelWaiters(): void {
    for (const waiter of this.waiters.splice(0)) waiter(false);
  }

  private grant(): void {
    this.active += 1;
    if (this.active > this.peak) this.peak = this.active;
  }
}
