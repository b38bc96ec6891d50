import assert from "node:assert/strict";

/** Absolute tolerance per column; default covers costs rounded to 6 decimals by the SQL. */
export type Tolerances = Record<string, number>;

const DEFAULT_TOLERANCE = 1.5e-6;

/**
 * Compares report rows with independently computed ones: same number of rows,
 * in order; every expected column present; numbers within a tolerance (the
 * SQL rounds for display), everything else equal.
 */
export function assertRowsMatch(actual: Record<string, unknown>[], expected: Record<string, unknown>[], tolerances: Tolerances = {}): void {
  assert.equal(actual.length, expected.length, `row count: got ${actual.length}, expected ${expected.length}\n${JSON.stringify(actual.slice(0, 5))}`);
  expected.forEach((expectedRow, index) => {
    const actualRow = actual[index] ?? {};
    for (const [column, expectedValue] of Object.entries(expectedRow)) {
      const actualValue = actualRow[column];
      const where = `row ${index} (${JSON.stringify(expectedRow).slice(0, 160)}) column ${column}`;
      if (typeof expectedValue === "number" && typeof actualValue === "number") {
        const tolerance = tolerances[column] ?? DEFAULT_TOLERANCE;
        assert.ok(Math.abs(actualValue - expectedValue) <= tolerance, `${where}: got ${actualValue}, expected ${expectedValue} ± ${tolerance}`);
      } else {
        assert.deepEqual(actualValue, expectedValue, where);
      }
    }
  });
}
