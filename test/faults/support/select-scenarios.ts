import { readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * The built scenario files (`*.fault.js`) of `directory` whose names contain
 * one of `filters` (all without filters), in name order. None is a usage
 * error: the process says so and exits 1.
 */
export function selectScenarios(directory: string, filters: readonly string[], suite: string): string[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith(".fault.js"))
    .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
    .sort()
    .map((name) => join(directory, name));
  if (files.length > 0) return files;
  process.stderr.write(`no ${suite} scenario matches ${filters.join(" ")} in ${directory} (run npm run build first)\n`);
  process.exit(1);
}
