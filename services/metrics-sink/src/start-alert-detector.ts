import { runReport, type ClickHouseStore } from "@switchyard/clickhouse";
import type { AlertEvent } from "@switchyard/contracts";
import type { Transport } from "@switchyard/kafka";
import { describeError, type Logger } from "@switchyard/platform";
import { mapCostAnomaliesToAlerts, mapTierMixToAlerts } from "./map-findings-to-alerts";

export interface AlertDetectorOptions {
  store: ClickHouseStore;
  transport: Transport;
  alertsTopic: string;
  intervalMs: number;
  kSigma: number;
  /** The powerful-share jump that flags a task type. */
  tierMixThreshold?: number;
  logger: Logger;
  now?: () => Date;
}

export interface AlertDetector {
  /** One detection pass; returns the new findings it published. */
  runOnce(): Promise<AlertEvent[]>;
  stop(): void;
}

// Findings already published, by id; bounded so a long run does not grow without end.
const MAX_REMEMBERED_ALERTS = 10_000;
const LOOKBACK_MS = 2 * 3_600_000;

/**
 * Runs the anomaly reports on a schedule and publishes each new finding to
 * the alerts topic and the log, so a team can wire its own alerting.
 */
export function startAlertDetector(options: AlertDetectorOptions): AlertDetector {
  const logger = options.logger.child({ component: "alert-detector" });
  const now = options.now ?? (() => new Date());
  const tierMixThreshold = options.tierMixThreshold ?? 0.1;
  const published = new Set<string>();

  const runOnce = async (): Promise<AlertEvent[]> => {
    const to = now();
    const from = new Date(to.getTime() - LOOKBACK_MS);
    const anomalies = await runReport(options.store, "cost-anomalies", { from, to, k: options.kSigma }, { now: to });
    const tierMix = await runReport(options.store, "tier-mix", { from, to, threshold: tierMixThreshold }, { now: to });
    const findings = [...mapCostAnomaliesToAlerts(anomalies.rows, options.kSigma, to), ...mapTierMixToAlerts(tierMix.rows, tierMixThreshold, from, to)].filter(
      (alert) => !published.has(alert.alertId),
    );
    if (findings.length === 0) return [];
    await options.transport.publish(findings.map((alert) => ({ topic: options.alertsTopic, key: alert.subject, value: JSON.stringify(alert) })));
    for (const alert of findings) {
      published.add(alert.alertId);
      logger.warn({ alertId: alert.alertId, kind: alert.kind, subject: alert.subject, hour: alert.hour }, alert.message);
    }
    if (published.size > MAX_REMEMBERED_ALERTS) published.clear();
    return findings;
  };

  const timer = setInterval(() => {
    runOnce().catch((error: unknown) => logger.warn({ err: error, reason: describeError(error) }, "alert detection failed; will try again"));
  }, options.intervalMs);
  timer.unref();
  return { runOnce, stop: () => clearInterval(timer) };
}
