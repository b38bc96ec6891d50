import { formatClickHouseDateTime, quoteLiteral, type ClickHouseStore } from "@switchyard/clickhouse";
import type { EvidenceCount, EvidenceQuery, ReadEvidence } from "./decide-policy-moves";

/**
 * Counts comparisons and agreements in llm_shadow (each comparison once:
 * FINAL) for one task type, phase and tier pair, judged in [since, until).
 * shadow_failed counts as a disagreement, as in the shadow report.
 */
export function createShadowEvidenceReader(store: ClickHouseStore): ReadEvidence {
  return async (query: EvidenceQuery): Promise<EvidenceCount> => {
    const rows = await store.query<{ samples: number; agreements: number }>(
      [
        "SELECT count() AS samples, countIf(verdict = 'agree') AS agreements",
        "FROM llm_shadow FINAL",
        `WHERE task_type = ${quoteLiteral(query.taskType)} AND phase = ${quoteLiteral(query.phase)}`,
        `  AND original_tier = ${quoteLiteral(query.fromTier)} AND shadow_tier = ${quoteLiteral(query.toTier)}`,
        `  AND ts >= toDateTime(${quoteLiteral(formatClickHouseDateTime(query.since))}, 'UTC')`,
        `  AND ts < toDateTime(${quoteLiteral(formatClickHouseDateTime(query.until))}, 'UTC')`,
      ].join("\n"),
    );
    const row = rows[0];
    return { samples: Number(row?.samples ?? 0), agreements: Number(row?.agreements ?? 0) };
  };
}
