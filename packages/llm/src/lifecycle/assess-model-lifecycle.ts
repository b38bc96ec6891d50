import { resolvePriceKey } from "../pricing/resolve-price-key";
import type { LifecycleTable, ModelLifecycle } from "./model-lifecycle";

/**
 * The lifecycle of a model id at `now`: retired from the first moment (UTC)
 * of its end-of-life day, deprecated before that, active when no end of life
 * is announced. Dated ids and aliases resolve as prices do, the exact id first.
 */
export function assessModelLifecycle(model: string, table: LifecycleTable, now: Date, aliases: Readonly<Record<string, string>> = {}): ModelLifecycle {
  const key = resolvePriceKey(model, (candidate) => Object.hasOwn(table, candidate), aliases);
  const known = key === null ? undefined : table[key];
  if (!known) return { model, status: "active", endOfLife: null, source: null };
  const retired = now.getTime() >= Date.parse(`${known.endOfLife}T00:00:00Z`);
  return { model, status: retired ? "retired" : "deprecated", endOfLife: known.endOfLife, source: known.source };
}
