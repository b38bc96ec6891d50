import { createRandom, type Random } from "./seeded-random";
import type { Fault } from "./simulator-config";

/**
 * Draws, per call, whether a configured fault hits it: each active fault
 * that names the model (or names none) takes its share of the calls, in
 * the order configured. The draws are a seeded sequence, so a run with the
 * same calls in the same order meets the same faults.
 */
export class FaultInjector {
  private random: Random;
  private appliedAt: number;
  /** Calls each fault (by position) has hit since the faults were configured. */
  private hits: number[] = [];

  constructor(seed: string, now: number) {
    this.random = createRandom(seed, "faults");
    this.appliedAt = now;
  }

  /** Restarts the time windows (and the draws) when the faults are reconfigured. */
  restart(seed: string, now: number): void {
    this.random = createRandom(seed, "faults");
    this.appliedAt = now;
    this.hits = [];
  }

  choose(faults: readonly Fault[], models: readonly string[], now: number): Fault | null {
    for (const [index, fault] of faults.entries()) {
      if (fault.models && !fault.models.some((model) => models.includes(model))) continue;
      if (!this.isActive(fault, now)) continue;
      const hits = this.hits[index] ?? 0;
      if (fault.limit !== undefined && hits >= fault.limit) continue;
      if (this.random.next() < fault.share) {
        this.hits[index] = hits + 1;
        return fault;
      }
    }
    return null;
  }

  private isActive(fault: Fault, now: number): boolean {
    const start = this.appliedAt + fault.startsAfterMs;
    if (now < start) return false;
    return fault.durationMs === undefined || now < start + fault.durationMs;
  }
}
