import type { Counter, LabelValues } from "prom-client";

/** One label set of a counter, counted in a plain number on the hot path. */
export interface CounterCell {
  inc(value?: number): void;
}

/** The cells of each counter whose collect adds them (made by getOrCreateCounter). */
const cellsByCounter = new WeakMap<object, Array<() => void>>();

/** Marks a counter whose collect calls flushCounterCells. */
export function acceptCells(counter: object): void {
  cellsByCounter.set(counter, []);
}

/**
 * A counter's label set for a hot path: `inc` adds to a plain number, which is
 * added to the counter when the registry is read (a scrape, a test's `get`).
 * prom-client hashes and validates the labels on every `inc`; with a few
 * counters per model call that was several percent of a router's CPU. The
 * counter must come from `getOrCreateCounter`, whose collect adds the cells.
 */
export function counterCell<Label extends string>(counter: Counter<Label>, labels: LabelValues<Label>): CounterCell {
  // A counter that never flushes would lose every count without a sign.
  const cells = cellsByCounter.get(counter);
  if (!cells) throw new TypeError("counterCell needs a counter made by getOrCreateCounter (its collect adds the cells)");
  let pending = 0;
  const flush = () => {
    if (pending === 0) return;
    const value = pending;
    pending = 0;
    counter.inc(labels, value);
  };
  cells.push(flush);
  return {
    inc(value = 1) {
      // prom-client's own checks, so that a bad value fails where it is counted.
      if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
      if (value < 0) throw new Error("It is not possible to decrease a counter");
      pending += value;
    },
  };
}

/** Adds every cell's pending count to its counter (called by the counter's collect). */
export function flushCounterCells(counter: object): void {
  for (const flush of cellsByCounter.get(counter) ?? []) flush();
}
