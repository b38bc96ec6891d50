import type { AlertEvent } from "@switchyard/contracts";
import { boundText } from "@switchyard/platform";
import { formatClickHouseDateTime } from "./quote-literal";

/** An alert's free text is bounded in storage: any producer can publish one, and only the message size bounds it. */
const MAX_ALERT_SUBJECT_CHARS = 500;
const MAX_ALERT_MESSAGE_CHARS = 2_000;

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
    subject: boundText(event.subject, MAX_ALERT_SUBJECT_CHARS),
    period: boundText(event.hour, MAX_ALERT_SUBJECT_CHARS),
    observed: event.observed,
    baseline: event.baseline,
    threshold: event.threshold,
    message: boundText(event.message, MAX_ALERT_MESSAGE_CHARS),
    inserted_at: formatClickHouseDateTime(insertedAt),
  };
}
