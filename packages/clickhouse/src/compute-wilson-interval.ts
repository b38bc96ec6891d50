/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

export interface WilsonInterval {
  /** successes / trials; null without trials. */
  rate: number | null;
  lower: number;
  upper: number;
}

/**
 * The Wilson score interval of a binomial proportion: unlike the normal
 * approximation it stays inside [0, 1] and behaves at rates near 100%, which is
 * exactly where "is the cheaper tier good enough" is decided. Without trials
 * the interval is [0, 1].
 */
export function computeWilsonInterval(successes: number, trials: number, z: number = Z_95): WilsonInterval {
  if (!Number.isInteger(trials) || trials < 0) throw new RangeError(`trials must be a whole number >= 0, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`successes must be a whole number in 0..${trials}, got ${successes}`);
  }
  if (trials === 0) return { rate: null, lower: 0, upper: 1 };
  const rate = successes / trials;
  const zSquared = z * z;
  const denominator = 1 + zSquared / trials;
  const center = (rate + zSquared / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((rate * (1 - rate)) / trials + zSquared / (4 * trials * trials))) / denominator;
  return { rate, lower: Math.max(0, center - halfWidth), upper: Math.min(1, center + halfWidth) };
}
