import Ajv, { type ValidateFunction } from "ajv";
import { InvalidEventError } from "@switchyard/platform";

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

// Formats need ajv-formats and would fail compilation in strict mode; a
// model's output is checked for shape, not for e-mail syntax.
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false, logger: false });
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED_SCHEMAS = 256;

/**
 * A validator for a structured task's output: the text must parse as JSON
 * (surrounding whitespace and a ```json fence are tolerated) and, when the
 * task has an outputSchema, conform to it. Throws InvalidEventError
 * (event_invalid) when the schema itself cannot be compiled: call it while
 * decoding the task, so that the task gets an invalid_task result.
 */
export function createStructuredOutputValidator(outputSchema?: Record<string, unknown>): OutputValidator {
  const validate = outputSchema === undefined ? null : compileSchema(outputSchema);
  return (text) => {
    const parsed = parseJsonOutput(text);
    if (!parsed.ok) return parsed;
    if (validate && !validate(parsed.json)) return { ok: false, reason: `output does not match the outputSchema: ${ajv.errorsText(validate.errors)}` };
    return parsed;
  };
}

const FENCE = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i;

function parseJsonOutput(text: string): { ok: true; json: unknown } | { ok: false; reason: string } {
  const trimmed = text.trim();
  const body = FENCE.exec(trimmed)?.[1] ?? trimmed;
  try {
    return { ok: true, json: JSON.parse(body) };
  } catch (error) {
    return { ok: false, reason: `output is not JSON (${(error as Error).message})` };
  }
}

// Compiling costs far more than validating, and tasks of one type share a schema.
function compileSchema(outputSchema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(outputSchema);
  const cached = compiled.get(key);
  if (cached) return cached;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(outputSchema);
  } catch (error) {
    throw new InvalidEventError("event_invalid", `outputSchema is not a valid JSON Schema: ${(error as Error).message}`, { cause: error });
  }
  if (compiled.size >= MAX_COMPILED_SCHEMAS) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, validate);
  return validate;
}
