import { sanitizeParsedJson, type Metadata } from "@switchyard/contracts";

export interface TaskHeader {
  type: string;
  metadata: Metadata;
}

/**
 * What can still be read from an invalid task to address its error result:
 * the type and string metadata, when present. Never throws.
 */
export function readTaskHeader(value: Buffer | null): TaskHeader {
  const fallback: TaskHeader = { type: "unknown", metadata: {} };
  if (value === null) return fallback;
  let parsed: unknown;
  try {
    const text = value.toString("utf8").replace(/^\uFEFF/, "");
    parsed = sanitizeParsedJson(JSON.parse(text), text);
  } catch {
    return fallback;
  }
  if (typeof parsed !== "object" || parsed === null) return fallback;
  const record = parsed as Record<string, unknown>;
  const type = typeof record.type === "string" && record.type.length > 0 && record.type.length <= 200 ? record.type : "unknown";
  return { type, metadata: readStringMetadata(record.metadata) };
}

function readStringMetadata(value: unknown): Metadata {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  const metadata: Metadata = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) if (typeof item === "string") metadata[key] = item;
  return metadata;
}
