/** A figure measured several times in one run: its median, lowest and highest value, and every value in order. */
export interface Repeated {
  median: number;
  min: number;
  max: number;
  values: number[];
}

/** The median and range of repeated measurements (NaN ones, runs that produced no figure, are left out). */
export function summarizeRepeats(values: readonly number[]): Repeated {
  const measured = values.filter((value) => Number.isFinite(value));
  const sorted = [...measured].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, values: [...values] };
}

/** How many times each comparison runs (BENCH_REPEATS, default 3), Switchyard and its baseline taking turns. */
export function benchRepeats(): number {
  const value = Number(process.env.BENCH_REPEATS ?? "3");
  return Number.isInteger(value) && value >= 1 && value <= 20 ? value : 3;
}
