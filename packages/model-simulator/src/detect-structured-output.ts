/**
 * How the simulator recognises a structured task: by the instruction that
 * @switchyard/llm's buildStructuredOutputInstruction appends to the system
 * prompt. The wording is copied here on purpose: the simulator stands in
 * for the API and must not depend on the client code it tests. Keep these
 * two strings in step with STRUCTURED_OUTPUT_INSTRUCTION and
 * OUTPUT_SCHEMA_INTRODUCTION in packages/llm/src/requests/structured-output.ts.
 */
const STRUCTURED_MARKER = "Respond with only a JSON object";
const SCHEMA_INTRODUCTION = "The JSON object must conform to this JSON Schema:";

export type StructuredOutputRequest = { structured: false } | { structured: true; schema: Record<string, unknown> | null };

export function detectStructuredOutput(systemText: string): StructuredOutputRequest {
  if (!systemText.includes(STRUCTURED_MARKER)) return { structured: false };
  return { structured: true, schema: readSchema(systemText) };
}

// The schema is the single line of JSON after the introduction.
function readSchema(systemText: string): Record<string, unknown> | null {
  const start = systemText.indexOf(SCHEMA_INTRODUCTION);
  if (start < 0) return null;
  const line =
    systemText
      .slice(start + SCHEMA_INTRODUCTION.length)
      .trimStart()
      .split("\n")[0] ?? "";
  try {
    const schema: unknown = JSON.parse(line);
    return typeof schema === "object" && schema !== null && !Array.isArray(schema) ? (schema as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
