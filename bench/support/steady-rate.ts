/** Steady-state rate: items between the 10th and 90th percentile of arrival times, per second. */
export function steadyRate(arrivals: readonly number[]): { perSecond: number; windowMs: number } {
  const sorted = [...arrivals].sort((left, right) => left - right);
  const low = Math.floor(sorted.length * 0.1);
  const high = Math.floor(sorted.length * 0.9);
  const windowMs = (sorted[high] ?? 0) - (sorted[low] ?? 0);
  return { perSecond: windowMs > 0 ? ((high - low) * 1000) / windowMs : Number.NaN, windowMs };
}
