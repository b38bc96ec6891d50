import { computeWilsonInterval, type WilsonInterval } from "./compute-wilson-interval";

export interface ShadowMoveInput {
  samples: number;
  agreements: number;
  shadowTier: string;
  /** The agreement rate the interval's lower bound must reach, e.g. 0.95. */
  target: number;
  /** Fewer comparisons than this are not enough to decide, e.g. 100. */
  minSamples: number;
  /** Comparisons where the cheaper tier failed: not in samples, and said apart. */
  shadowFailures?: number;
}

export interface ShadowMoveRecommendation {
  interval: WilsonInterval;
  moveDown: boolean;
  /** "move down to fast", or "keep: …" saying what is missing. */
  recommendation: string;
}

/**
 * Move a task type down a tier only when the 95% Wilson lower bound of its
 * agreement rate reaches the target on enough samples; otherwise say what is
 * missing (more samples, higher agreement, or both). Failed shadow calls are
 * not samples: a cheaper tier's outage is not evidence against its answers.
 */
export function recommendShadowMove(input: ShadowMoveInput): ShadowMoveRecommendation {
  const interval = computeWilsonInterval(input.agreements, input.samples);
  const missing: string[] = [];
  if (input.samples < input.minSamples) {
    missing.push(`needs ${input.minSamples - input.samples} more samples (has ${input.samples} of ${input.minSamples})`);
  }
  if (interval.lower < input.target) {
    missing.push(`agreement lower bound ${formatPercent(interval.lower)} is below the ${formatPercent(input.target)} target`);
  }
  const failures = input.shadowFailures ?? 0;
  const note = failures === 0 ? "" : ` (${failures} shadow call${failures === 1 ? "" : "s"} failed: not counted as disagreement)`;
  if (missing.length === 0) return { interval, moveDown: true, recommendation: `move down to ${input.shadowTier}${note}` };
  return { interval, moveDown: false, recommendation: `keep: ${missing.join("; ")}${note}` };
}

function formatPercent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/**
 * The guard after a move: move back to the tier left when the 95% Wilson upper
 * bound of agreement is below the target on enough samples; otherwise it holds.
 */
export function recommendGuard(input: ShadowMoveInput): ShadowMoveRecommendation {
  const interval = computeWilsonInterval(input.agreements, input.samples);
  if (input.samples >= input.minSamples && interval.upper < input.target) {
    return {
      interval,
      moveDown: false,
      recommendation: `move back to ${input.shadowTier}: agreement upper bound ${formatPercent(interval.upper)} is below the ${formatPercent(input.target)} target`,
    };
  }
  return { interval, moveDown: false, recommendation: "guard holds" };
}
