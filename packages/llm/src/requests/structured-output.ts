import { boundText } from "@switchyard/platform";
import { compileOutputSchema } from "../output-schema/compile-output-schema";

export type OutputValidation = { ok: true; json?: unknown } | { ok: false; reason: string };
export type OutputValidator = (text: string) => OutputValidation;

/**
 * The first sentence of the instruction appended to the system prompt of a
 * structured task. The model simulator recognises structured tasks by it.
 */
export const STRUCTURED_OUTPUT_INSTRUCTION = "Respond with only a JSON object, with no text before or after it and no Markdown code fences.";
/** Introduces the task's JSON Schema, which follows on the next line as one line of JSON. */
export const OUTPUT_SCHEMA_INTRODUCTION = "The JSON object must conform to this JSON Schema:";

/** The text the router appends to the system prompt of a structured task. */
export function buildStructuredOutputInstruction(outputSchema?: Record<string, unknown>): string {
  if (outputSchema === undefined) return STRUCTURED_OUTPUT_INSTRUCTION;
  return `${STRUCTURED_OUTPUT_INSTRUCTION}\n${OUTPUT_SCHEMA_INTRODUCTION}\n${JSON.stringify(outputSchema)}`;
}

/**
 * A validator for a structured task's output: the text must parse as JSON
 * (surrounding whitespace and a ```json fence are tolerated) and, when the
 * task has an outputSchema, conform to it. Throws InvalidEventError
 * (event_invalid) when the schema cannot be used (see compileOutputSchema):
 * call it while decoding the task, so that the task gets an invalid_task result.
 */
export function createStructuredOutputValidator(outputSchema?: Record<string, unknown>): OutputValidator {
  const compiled = outputSchema === undefined ? null : compileOutputSchema(outputSchema);
  return (text) => {
    const parsed = parseJsonOutput(text);
    if (!parsed.ok || !compiled) return parsed;
    const checked = compiled.validate(parsed.json);
    return checked.ok ? parsed : { ok: false, reason: `output does not match the outputSchema: ${checked.reason}` };
  };
}

const FENCE = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i;

function parseJsonOutput(text: string): { ok: true; json: unknown } | { ok: false; reason: string } {
  const trimmed = text.trim();
  // Only a text that is fenced at both ends is matched: on any other, the lazy
  // body of FENCE would be tried from every whitespace split (quadratic).
  const fenced = trimmed.length >= 6 && trimmed.startsWith("```") && trimmed.endsWith("```");
  const body = (fenced ? FENCE.exec(trimmed)?.[1] : undefined) ?? trimmed;
  try {
    return { ok: true, json: JSON.parse(body) };
  } catch (error) {
    return { ok: false, reason: `output is not JSON (${boundText((error as Error).message, 100)})` };
  }
}
