import { createHash } from "node:crypto";
import type { AlertEvent } from "@switchyard/contracts";
import type { ReportRow } from "@switchyard/clickhouse";

/** Cost-anomaly report rows → alert events; the id is stable so repeated runs can be deduped. */
export function mapCostAnomaliesToAlerts(rows: readonly ReportRow[], kSigma: number, now: Date): AlertEvent[] {
  return rows.map((row) => {
    const subject = `${String(row.dimension)}=${String(row.key)}`;
    const hour = String(row.hour);
    const observed = Number(row.cost_usd);
    const baseline = Number(row.baseline_mean_usd);
    const zScore = row.z_score === null || row.z_score === undefined ? null : Number(row.z_score);
    // A baseline with (almost) no spread gives a meaningless z: say so instead of printing 1e18.
    const zText = zScore === null || !Number.isFinite(zScore) || Math.abs(zScore) > 1e6 ? " (flat baseline)" : ` (z = ${zScore.toFixed(1)})`;
    return {
      version: 1,
      alertId: alertId("cost_anomaly", subject, hour),
      ts: now.toISOString(),
      kind: "cost_anomaly",
      subject,
      hour,
      observed,
      baseline,
      threshold: kSigma,
      message: `cost of ${subject} in hour ${hour} was $${observed.toFixed(4)} against a baseline of $${baseline.toFixed(4)}/hour${zText}`,
    };
  });
}

/** Flagged tier-mix rows (a jump in the powerful tier's share: the routing-bug signal) → alert events. */
export function mapTierMixToAlerts(rows: readonly ReportRow[], threshold: number, windowStart: Date, now: Date): AlertEvent[] {
  return rows
    .filter((row) => Number(row.flagged) === 1)
    .map((row) => {
      const subject = `task_type=${String(row.task_type)} tier=${String(row.tier)}`;
      const hour = windowStart.toISOString();
      const observed = Number(row.window_share);
      const baseline = Number(row.baseline_share);
      return {
        version: 1,
        alertId: alertId("tier_mix_shift", subject, hour),
        ts: now.toISOString(),
        kind: "tier_mix_shift",
        subject,
        hour,
        observed,
        baseline,
        threshold,
        message: `${String(row.task_type)}: ${String(row.tier)} share rose from ${(baseline * 100).toFixed(1)}% to ${(observed * 100).toFixed(1)}% (possible routing bug)`,
      };
    });
}

function alertId(kind: string, subject: string, hour: string): string {
  return createHash("sha256").update(`${kind}|${subject}|${hour}`).digest("hex").slice(0, 32);
}
