import type { ShadowEvent } from "@switchyard/contracts";
import { formatClickHouseDateTime } from "./quote-literal";

/** A row of `llm_shadow` as it is inserted (column names as in the table). */
export interface ShadowRow {
  event_id: string;
  ts: string;
  task_id: string;
  task_type: string;
  original_tier: string;
  original_model: string;
  shadow_tier: string;
  shadow_model: string;
  evaluator: string;
  score: number;
  verdict: string;
  original_cost_usd: number | null;
  shadow_cost_usd: number | null;
  evaluation_cost_usd: number | null;
  /** null when content storage is off. */
  original_output: string | null;
  shadow_output: string | null;
  original_output_sha256: string;
  shadow_output_sha256: string;
  original_output_length: number;
  shadow_output_length: number;
  feature: string;
  tenant: string;
  metadata: string;
  /** shadow (before a move) or guard (after one). */
  phase: string;
  policy_version: number;
  inserted_at: string;
}

/** One shadow event → one `llm_shadow` row. */
export function mapShadowEventToRow(event: ShadowEvent, insertedAt: Date): ShadowRow {
  const { feature, tenant, ...rest } = event.metadata;
  return {
    event_id: event.eventId,
    ts: formatClickHouseDateTime(new Date(event.ts)),
    task_id: event.taskId,
    task_type: event.type,
    original_tier: event.originalTier,
    original_model: event.originalModel,
    shadow_tier: event.shadowTier,
    shadow_model: event.shadowModel,
    evaluator: event.evaluator,
    score: event.score,
    verdict: event.verdict,
    original_cost_usd: event.originalCostUsd,
    shadow_cost_usd: event.shadowCostUsd,
    evaluation_cost_usd: event.evaluationCostUsd,
    original_output: event.originalOutput,
    shadow_output: event.shadowOutput,
    original_output_sha256: event.originalOutputSha256,
    shadow_output_sha256: event.shadowOutputSha256,
    original_output_length: event.originalOutputLength,
    shadow_output_length: event.shadowOutputLength,
    feature: feature ?? "",
    tenant: tenant ?? "",
    metadata: JSON.stringify(rest),
    phase: event.phase ?? "shadow",
    policy_version: event.policyVersion ?? 0,
    inserted_at: formatClickHouseDateTime(insertedAt),
  };
}
