import { createHash } from "node:crypto";

/**
 * Deterministic sampling by task id: the same task is always in or out, so a
 * redelivered task is shadowed at most once per decision, whoever decides.
 */
export function isSampledForShadow(taskId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return sampleFraction(taskId) < rate;
}

/** The task id's position in [0, 1), from the first 32 bits of its SHA-256. */
export function sampleFraction(taskId: string): number {
  return createHash("sha256").update(taskId).digest().readUInt32BE(0) / 2 ** 32;
}
