export const OTHER_LABEL = "other";

/**
 * Keeps a label's distinct values under a cap: the first `limit` values seen
 * are kept, every later one is reported as "other", so a flood of tenant ids
 * cannot grow the metrics endpoint without bound.
 */
export class LabelLimiter {
  private readonly seen = new Set<string>();

  /** `always`: values that are always kept and count against no cap (e.g. the configured task types). */
  constructor(
    private readonly limit: number,
    private readonly always: ReadonlySet<string> = new Set(),
  ) {}

  label(value: string): string {
    const name = value === "" ? "none" : value;
    if (this.always.has(name) || this.seen.has(name)) return name;
    if (this.seen.size >= this.limit) return OTHER_LABEL;
    this.seen.add(name);
    return name;
  }
}
