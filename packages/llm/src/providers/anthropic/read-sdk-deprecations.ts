import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { LifecycleTable } from "../../lifecycle/model-lifecycle";

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const SDK_DATE = /^([A-Za-z]+) (\d{1,2})(?:st|nd|rd|th)?, (\d{4})$/;
const MAX_ENTRIES = 1_000;

/**
 * The end-of-life dates the installed Anthropic SDK itself warns with
 * (its internal deprecation table, which the package does not export: read
 * by path, so an SDK that moves it yields an empty table, never a crash).
 */
export function readSdkDeprecations(checkedOn: string): LifecycleTable {
  try {
    const load = createRequire(__filename);
    const entry = load.resolve("@anthropic-ai/sdk");
    const table = (load(join(dirname(entry), "internal", "data", "deprecated-models.js")) as { DEPRECATED_MODELS?: unknown }).DEPRECATED_MODELS;
    const version = (load("@anthropic-ai/sdk/version") as { VERSION?: unknown }).VERSION;
    return parseSdkDeprecations(table, `@anthropic-ai/sdk ${typeof version === "string" ? version : ""} deprecation table`.replace("  ", " "), checkedOn);
  } catch {
    return {};
  }
}

/** model → "January 22nd, 2027" as the SDK writes it, to dated entries; unreadable dates are left out. */
export function parseSdkDeprecations(table: unknown, source: string, checkedOn: string): LifecycleTable {
  if (typeof table !== "object" || table === null) return {};
  const result: Record<string, { endOfLife: string; source: string; checkedOn: string }> = {};
  for (const [model, written] of Object.entries(table).slice(0, MAX_ENTRIES)) {
    const endOfLife = typeof written === "string" ? parseSdkDate(written) : null;
    if (endOfLife) result[model] = { endOfLife, source, checkedOn };
  }
  return result;
}

function parseSdkDate(written: string): string | null {
  const match = SDK_DATE.exec(written.trim());
  if (!match) return null;
  const month = MONTHS.indexOf((match[1] ?? "").toLowerCase()) + 1;
  const day = Number(match[2]);
  if (month === 0 || day < 1 || day > 31) return null;
  return `${match[3]}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
