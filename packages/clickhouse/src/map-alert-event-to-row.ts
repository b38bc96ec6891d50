import type { AlertEvent } from "@switchyard/contracts";
import { formatClickHouseDateTime } from "./quote-literal";

/** A row of `llm_alerts` as it is inserted (column names as in the table). */
export interface AlertRow {
  alert_id: string;
  ts: string;
  kind: string;
  subject: string;
  /** The alert's `hour`: the anomalous hour, or the budget's UTC period. */
  period: string;
  observed: number;
  baseline: number;
  threshold: number;
  message: string;
  inserted_at: string;
}

/** One alert event → one `llm_alerts` row. */
export function mapAlertEventToRow(event: AlertEvent, insertedAt: Date): AlertRow {
  return {
    alert_id: event.alertId,
    ts: formatClickHouseDateTime(new Date(event.ts)),
    kind: event.kind,
    subject: event.subject,
    period: event.hour,
    observed: event.observed,
    baseline: event.baseline,
    threshold: event.threshold,
    message: event.message,
    inserted_at: formatClickHouseDateTime(insertedAt),
  };
}
