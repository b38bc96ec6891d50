import { ConfigurationError } from "@switchyard/platform";
import type { PriceBand, PriceBook, PriceEntry } from "./price-entry";

export interface ValidatePriceBookOptions {
  /** Named in the error: the setting the book came from. */
  setting: string;
  /** Every entry must name its source page and the day it was checked (the shipped book). */
  requireSource?: boolean;
}

const RATE_FIELDS = ["inputPerMillion", "outputPerMillion", "cacheWrite5mPerMillion", "cacheWrite1hPerMillion", "cacheReadPerMillion"] as const;
const ENTRY_FIELDS = new Set<string>([...RATE_FIELDS, "effectiveFrom", "bands", "batchDiscount", "source", "checkedOn", "note"]);
const BAND_FIELDS = new Set<string>([...RATE_FIELDS, "abovePromptTokens"]);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Throws a ConfigurationError naming the model and the problem for the first
 * bad entry: a negative or missing rate, two entries taking effect the same
 * day, entries out of order, a band without a threshold, an unknown field.
 */
export function validatePriceBook(book: PriceBook, options: ValidatePriceBookOptions): void {
  for (const [model, entries] of Object.entries(book)) {
    const problem = findModelProblem(entries, options.requireSource ?? false);
    if (problem) throw new ConfigurationError(options.setting, `pricing of ${model}: ${problem}`);
  }
}

function findModelProblem(entries: readonly PriceEntry[], requireSource: boolean): string | null {
  if (!Array.isArray(entries) || entries.length === 0) return "no price entries";
  let previous: string | null = null;
  for (const entry of entries) {
    const problem = findEntryProblem(entry, requireSource);
    if (problem) return `entry ${String(entry.effectiveFrom)}: ${problem}`;
    if (previous === entry.effectiveFrom) return `two entries take effect on ${entry.effectiveFrom}`;
    if (previous !== null && entry.effectiveFrom < previous) return `entries must be in order of effectiveFrom (${entry.effectiveFrom} after ${previous})`;
    previous = entry.effectiveFrom;
  }
  return null;
}

function findEntryProblem(entry: PriceEntry, requireSource: boolean): string | null {
  const unknown = Object.keys(entry).find((key) => !ENTRY_FIELDS.has(key));
  if (unknown) return `unknown field ${unknown}`;
  if (!isDay(entry.effectiveFrom)) return "effectiveFrom must be a day (YYYY-MM-DD)";
  const rateProblem = findRatesProblem(entry);
  if (rateProblem) return rateProblem;
  if (entry.batchDiscount !== undefined && !(entry.batchDiscount >= 0 && entry.batchDiscount < 1)) return "batchDiscount must be at least 0 and below 1";
  const bandProblem = findBandsProblem(entry.bands ?? []);
  if (bandProblem) return bandProblem;
  if (requireSource) {
    if (typeof entry.source !== "string" || !entry.source.startsWith("https://")) return "no source page";
    if (!isDay(entry.checkedOn)) return "no day it was checked (checkedOn)";
  }
  return null;
}

function findBandsProblem(bands: readonly PriceBand[]): string | null {
  if (!Array.isArray(bands)) return "bands must be a list";
  let previous = 0;
  for (const band of bands) {
    const unknown = Object.keys(band).find((key) => !BAND_FIELDS.has(key));
    if (unknown) return `band: unknown field ${unknown}`;
    if (!Number.isSafeInteger(band.abovePromptTokens) || band.abovePromptTokens < 1)
      return "band without a threshold (abovePromptTokens, a whole number of tokens >= 1)";
    if (band.abovePromptTokens <= previous) return `bands must be in ascending order of abovePromptTokens (${band.abovePromptTokens} after ${previous})`;
    const rateProblem = findRatesProblem(band);
    if (rateProblem) return `band above ${band.abovePromptTokens}: ${rateProblem}`;
    previous = band.abovePromptTokens;
  }
  return null;
}

function findRatesProblem(rates: Record<(typeof RATE_FIELDS)[number], number>): string | null {
  for (const field of RATE_FIELDS) {
    const value = rates[field];
    if (typeof value !== "number" || !Number.isFinite(value)) return `${field} is missing`;
    if (value < 0) return `${field} is negative (${value})`;
  }
  return null;
}

function isDay(value: unknown): value is string {
  return typeof value === "string" && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
