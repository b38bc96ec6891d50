/**
 * The deepest nesting of objects and arrays in a JSON text, read without
 * parsing it (strings skipped), stopping as soon as it passes `maximum`.
 * Deep nesting parses, but every later recursive walk of it (a copy, a
 * stringify, a schema compiler) can throw a RangeError: it is refused first.
 */
export function measureJsonDepth(text: string, maximum: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index += 1;
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > maximum) return deepest;
    } else if (code === 0x7d || code === 0x5d) depth -= 1;
  }
  return deepest;
}

/**
 * Whether a JSON text nests deeper than `maximum`. Nesting needs an opening
 * bracket per level, so a text with at most `maximum` of them (strings
 * included: an over-count is safe) cannot: counted with indexOf, that settles
 * a typical event without the character-by-character walk.
 */
export function exceedsJsonDepth(text: string, maximum: number): boolean {
  let brackets = 0;
  for (const bracket of ["{", "["]) {
    for (let index = text.indexOf(bracket); index !== -1; index = text.indexOf(bracket, index + 1)) {
      brackets += 1;
      if (brackets > maximum) return measureJsonDepth(text, maximum) > maximum;
    }
  }
  return false;
}
