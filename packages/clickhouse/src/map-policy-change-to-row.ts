import type { PolicyChangeEvent } from "@switchyard/contracts";
import { formatClickHouseDateTime } from "./quote-literal";

/** A row of `llm_policy_changes` as it is inserted (column names as in the table). */
export interface PolicyChangeRow {
  change_id: string;
  ts: string;
  policy_version: number;
  task_type: string;
  /** '' when the change sends the type back to the base config (or sets no tier). */
  tier: string;
  moved_from: string;
  pinned: number;
  author: string;
  reason: string;
  evidence_phase: string;
  evidence_samples: number;
  evidence_lower: number;
  evidence_upper: number;
  inserted_at: string;
}

/** One policy change event → one `llm_policy_changes` row. */
export function mapPolicyChangeToRow(event: PolicyChangeEvent, insertedAt: Date): PolicyChangeRow {
  return {
    change_id: event.changeId,
    ts: formatClickHouseDateTime(new Date(event.createdAt)),
    policy_version: event.policyVersion,
    task_type: event.taskType,
    tier: event.override?.tier ?? "",
    moved_from: event.movedFrom ?? "",
    pinned: event.pinned ? 1 : 0,
    author: event.author,
    reason: event.reason,
    evidence_phase: event.evidence?.phase ?? "",
    evidence_samples: event.evidence?.samples ?? 0,
    evidence_lower: event.evidence?.lower ?? 0,
    evidence_upper: event.evidence?.upper ?? 0,
    inserted_at: formatClickHouseDateTime(insertedAt),
  };
}
