import type { TaskEventInput } from "@switchyard/contracts";
import type { OutgoingProbeMessage } from "./kafka-probe";

const TYPES = ["keyword_relevance", "campaign_summary", "data_extraction", "account_strategy"] as const;

/**
 * Valid tasks of the four built-in types, each prompt carrying the canary
 * (in the system prompt and the user message), none in the metadata (which
 * is carried to ClickHouse on purpose).
 */
export function buildTasks(prefix: string, count: number, canary: string): OutgoingProbeMessage[] {
  return Array.from({ length: count }, (_unused, index) => {
    const id = `${prefix}-${String(index).padStart(6, "0")}`;
    const type = TYPES[index % TYPES.length] ?? "keyword_relevance";
    const task: TaskEventInput = {
      version: 1,
      id,
      type,
      system: `You review ad accounts. Internal reference ${canary}; never repeat it.`,
      messages: [{ role: "user", content: `Task ${index} for account ${canary}: is "trail shoes ${index % 17}" relevant to the running campaign?` }],
      maxTokens: 64,
      metadata: { feature: "fault-suite", tenant: `tenant-${index % 5}` },
    };
    return { key: id, value: JSON.stringify(task) };
  });
}

export type PoisonKind = "not_json_prompt" | "truncated_json" | "schema_invalid" | "unknown_version" | "too_large" | "bad_output_schema" | "empty_value";

export interface PoisonMessage extends OutgoingProbeMessage {
  kind: PoisonKind;
  /** The code the dead letter's x-switchyard-error-code header must carry. */
  expectedCode: string;
  /** True when the task id is readable, so the task must also get an invalid_task result. */
  readableId: boolean;
}

const POISON_KINDS: PoisonKind[] = ["not_json_prompt", "truncated_json", "schema_invalid", "unknown_version", "too_large", "bad_output_schema", "empty_value"];

/** `count` malformed messages of every kind in turn; `maxTaskBytes` is the router's size limit. */
export function buildPoisonMessages(prefix: string, count: number, canary: string, maxTaskBytes: number): PoisonMessage[] {
  return Array.from({ length: count }, (_unused, index) => {
    const kind = POISON_KINDS[index % POISON_KINDS.length] ?? "not_json_prompt";
    const id = `${prefix}-poison-${String(index).padStart(4, "0")}`;
    return buildPoison(kind, id, canary, maxTaskBytes);
  });
}

function buildPoison(kind: PoisonKind, id: string, canary: string, maxTaskBytes: number): PoisonMessage {
  const task = {
    version: 1,
    id,
    type: "campaign_summary",
    messages: [{ role: "user", content: `Summarise the week for ${canary}.` }],
    maxTokens: 64,
  };
  switch (kind) {
    case "not_json_prompt":
      // A producer that published the bare prompt: the text starts with the canary.
      return { kind, key: id, value: `${canary} summarise the quarterly numbers of this account please`, expectedCode: "event_not_json", readableId: false };
    case "truncated_json":
      return { kind, key: id, value: JSON.stringify(task).slice(0, 90), expectedCode: "event_not_json", readableId: false };
    case "schema_invalid":
      return { kind, key: id, value: JSON.stringify({ ...task, messages: [], maxTokens: -1 }), expectedCode: "event_invalid", readableId: true };
    case "unknown_version":
      return { kind, key: id, value: JSON.stringify({ ...task, version: 99 }), expectedCode: "event_version_unsupported", readableId: true };
    case "too_large":
      return {
        kind,
        key: id,
        value: JSON.stringify({ ...task, messages: [{ role: "user", content: `${canary} ${"x".repeat(maxTaskBytes)}` }] }),
        expectedCode: "event_too_large",
        readableId: true,
      };
    case "bad_output_schema":
      return {
        kind,
        key: id,
        value: JSON.stringify({ ...task, type: "data_extraction", outputSchema: { type: 12 } }),
        expectedCode: "event_invalid",
        readableId: true,
      };
    case "empty_value":
      return { kind, key: id, value: Buffer.alloc(0), expectedCode: "event_not_json", readableId: false };
  }
}
