import { ConfigurationError, isSwitchyardError, redactText } from "@switchyard/platform";
import { InvalidEventError } from "@switchyard/contracts";
import { sanitizeForTerminal } from "../output/sanitize-for-terminal";

const MAX_LINE_LENGTH = 600;

export interface CliErrorDescription {
  /** One line, without the program name. */
  line: string;
  exitCode: number;
}

/**
 * Turns any failure into the one line the user sees: a bad setting or
 * argument exits 2, anything else 1. Engine messages can span lines (ClickHouse
 * appends its stack): they are folded and cut so that stderr gets one line.
 */
export function describeCliError(error: unknown): CliErrorDescription {
  if (error instanceof ConfigurationError) return { line: oneLine(error.message), exitCode: 2 };
  if (error instanceof InvalidEventError) return { line: oneLine(`invalid task: ${error.message}`), exitCode: 2 };
  // parseArgs explains how to pass a positional that starts with "-" in a second sentence; the first says it all.
  if (isParseArgsError(error)) return { line: oneLine(error.message.split(". ")[0] ?? error.message), exitCode: 2 };
  if (isSwitchyardError(error)) return { line: oneLine(error.message), exitCode: 1 };
  if (error instanceof Error) return { line: oneLine(error.message || error.name), exitCode: 1 };
  return { line: oneLine(String(error)), exitCode: 1 };
}

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof TypeError && typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}

/** One line for stderr: folded, without credentials or control characters, and cut. */
export function oneLine(text: string): string {
  const folded = sanitizeForTerminal(
    redactText(
      text
        .replace(/\s*\n\s*/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    ),
  );
  return folded.length > MAX_LINE_LENGTH ? `${folded.slice(0, MAX_LINE_LENGTH - 1)}…` : folded;
}
