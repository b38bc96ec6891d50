import type { UsageEvent } from "@switchyard/contracts";
import { formatClickHouseDateTime } from "./quote-literal";

/** A row of `llm_usage` as it is inserted (column names as in the table). */
export interface UsageRow {
  event_id: string;
  ts: string;
  task_id: string;
  task_type: string;
  tier: string;
  model: string;
  role: string;
  status: string;
  /** '' when the call succeeded. */
  error_type: string;
  attempt: number;
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cost_usd: number | null;
  latency_ms: number;
  feature: string;
  tenant: string;
  /** The event's metadata without feature and tenant, as a JSON object. */
  metadata: string;
  /** The policy version that routed the task; 0 for the base config (and events from before policies). */
  policy_version: number;
  inserted_at: string;
  /** sync or batch (events from before the field: sync). */
  mode: string;
  cache_creation_5m_input_tokens: number;
  cache_creation_1h_input_tokens: number;
}

/**
 * One usage event → one `llm_usage` row. `insertedAt` is passed in (18.16 does
 * not apply column defaults to fields missing from JSONEachRow input).
 */
export function mapUsageEventToRow(event: UsageEvent, insertedAt: Date): UsageRow {
  const { feature, tenant, ...rest } = event.metadata;
  return {
    event_id: event.eventId,
    ts: formatClickHouseDateTime(new Date(event.ts)),
    task_id: event.taskId,
    task_type: event.type,
    tier: event.tier,
    model: event.model,
    role: event.role,
    status: event.status,
    error_type: event.errorType ?? "",
    attempt: event.attempt,
    input_tokens: event.inputTokens,
    output_tokens: event.outputTokens,
    cache_creation_input_tokens: event.cacheCreationInputTokens,
    cache_read_input_tokens: event.cacheReadInputTokens,
    cost_usd: event.costUsd,
    latency_ms: event.latencyMs,
    feature: feature ?? "",
    tenant: tenant ?? "",
    metadata: JSON.stringify(rest),
    policy_version: event.policyVersion ?? 0,
    inserted_at: formatClickHouseDateTime(insertedAt),
    mode: event.mode ?? "sync",
    // Without the split every write is a 5-minute one (the API's default TTL), as pricing assumes.
    cache_creation_5m_input_tokens: event.cacheCreation5mInputTokens ?? event.cacheCreationInputTokens - (event.cacheCreation1hInputTokens ?? 0),
    cache_creation_1h_input_tokens: event.cacheCreation1hInputTokens ?? 0,
  };
}
