// C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Stored text (task ids, types, model answers, error messages) as it may reach
 * a terminal: every control character shown as an escape (\x1b, \u202e), so
 * no escape sequence can recolour, move the cursor, retitle the window or
 * hide text. Line breaks and tabs are kept only when `keepLineBreaks`.
 */
export function sanitizeForTerminal(text: string, keepLineBreaks = false): string {
  return text.replace(keepLineBreaks ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL, escapeCharacter);
}

function escapeCharacter(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}
