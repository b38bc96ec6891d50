import { RE2JS } from "re2js";
import type { RegExpEngine, RegExpLike } from "ajv/dist/types";

/** Longest `pattern` accepted in an outputSchema. */
export const MAX_PATTERN_CHARS = 1_000;

/**
 * The regular-expression engine ajv uses for `pattern`, `patternProperties`
 * and `propertyNames`: RE2 semantics, which match in time linear in the
 * input. JavaScript's own engine backtracks: `^([a-z]+\s?)*!$` against a
 * 30-character answer holds the event loop for minutes. Lookaround and
 * backreferences, which need backtracking, do not compile (the task is
 * invalid).
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string): RegExpLike => {
    if (pattern.length > MAX_PATTERN_CHARS) throw new Error(`pattern is ${pattern.length} characters, over the limit of ${MAX_PATTERN_CHARS}`);
    const compiled = RE2JS.compile(pattern, toRe2Flags(flags));
    // ajv keys compiled patterns by toString(): it must differ per pattern.
    const matcher: RegExpLike & { toString(): string } = { test: (input: string) => compiled.test(input), toString: () => `/${pattern}/${flags}` };
    return matcher;
  },
  { code: "linearRegExp" },
);

// JSON Schema patterns carry no flags; ajv adds "u", which RE2 always is.
function toRe2Flags(flags: string): number {
  let result = 0;
  if (flags.includes("i")) result |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes("m")) result |= RE2JS.MULTILINE;
  if (flags.includes("s")) result |= RE2JS.DOTALL;
  return result;
}
