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
