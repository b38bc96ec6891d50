/**
 * The alias rule for model ids, in order:
 * 1. the id itself, when the catalog has it (overrides may add dated ids);
 * 2. the id from the alias table (e.g. claude-opus-4-0 → claude-opus-4);
 * 3. the id without a trailing "-latest";
 * 4. the id without a trailing "-YYYYMMDD" snapshot date
 *    (claude-3-5-sonnet-20241022 → claude-3-5-sonnet), then the alias table again.
 * Returns null when none of these is in the catalog.
 */
export function resolvePriceKey(model: string, has: (key: string) => boolean, aliases: Readonly<Record<string, string>>): string | null {
  for (const candidate of candidateKeys(model, aliases)) if (has(candidate)) return candidate;
  return null;
}

const DATE_SUFFIX = /-\d{8}$/;
const LATEST_SUFFIX = /-latest$/;

function candidateKeys(model: string, aliases: Readonly<Record<string, string>>): string[] {
  const undated = model.replace(LATEST_SUFFIX, "").replace(DATE_SUFFIX, "");
  const candidates = [model, aliases[model], undated, aliases[undated]];
  return candidates.filter((candidate): candidate is string => candidate !== undefined);
}
