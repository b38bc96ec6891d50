import { ConfigurationError } from "@switchyard/platform";
import type { OptionValues } from "./command";

/** A string option's value, or undefined when it was not given. */
export function readString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  if (value === undefined || typeof value === "boolean") return undefined;
  if (Array.isArray(value)) return value.at(-1);
  return value;
}

export function readStrings(values: OptionValues, name: string): string[] {
  const value = values[name];
  if (value === undefined || typeof value === "boolean") return [];
  return Array.isArray(value) ? value : [value];
}

export function readFlag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

/** An integer option within bounds; `fallback` when absent. */
export function readInteger(values: OptionValues, name: string, fallback: number, minimum: number, maximum: number): number {
  const text = readString(values, name);
  if (text === undefined) return fallback;
  const value = Number(text.replace(/_/g, ""));
  if (!Number.isInteger(value)) throw new ConfigurationError(`--${name}`, `expected an integer, got ${JSON.stringify(text)}`);
  if (value < minimum || value > maximum)
    throw new ConfigurationError(`--${name}`, `expected an integer from ${minimum} to ${maximum}, got ${JSON.stringify(text)}`);
  return value;
}

/** A number option within bounds, or undefined when absent. */
export function readNumber(values: OptionValues, name: string, minimum: number, maximum: number): number | undefined {
  const text = readString(values, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || text.trim() === "") throw new ConfigurationError(`--${name}`, `expected a number, got ${JSON.stringify(text)}`);
  if (value < minimum || value > maximum)
    throw new ConfigurationError(`--${name}`, `expected a number from ${minimum} to ${maximum}, got ${JSON.stringify(text)}`);
  return value;
}

/** One of a fixed set of words. */
export function readChoice<Choice extends string>(values: OptionValues, name: string, choices: readonly Choice[], fallback: Choice): Choice {
  const text = readString(values, name);
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text))
    throw new ConfigurationError(`--${name}`, `expected one of ${choices.join(", ")}, got ${JSON.stringify(text)}`);
  return text as Choice;
}

/** Repeated `key=value` options as a record. */
export function readKeyValues(values: OptionValues, name: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const entry of readStrings(values, name)) {
    const separator = entry.indexOf("=");
    if (separator <= 0) throw new ConfigurationError(`--${name}`, `expected key=value, got ${JSON.stringify(entry)}`);
    record[entry.slice(0, separator)] = entry.slice(separator + 1);
  }
  return record;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A point in time (ISO-8601 with its zone, e.g. 2026-11-28T00:00:00Z), or undefined when absent. */
export function readTime(values: OptionValues, name: string): Date | undefined {
  const text = readString(values, name);
  if (text === undefined) return undefined;
  // Strict: new Date() alone reads "2024" or "May 2" as some time the user did not mean.
  const time = ISO_TIME.test(text) ? new Date(text) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime()))
    throw new ConfigurationError(`--${name}`, `expected an ISO-8601 time such as 2026-11-28T00:00:00Z, got ${JSON.stringify(text)}`);
  return time;
}
