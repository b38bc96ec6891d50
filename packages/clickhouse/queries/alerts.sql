-- alerts: the alerts published on llm.alerts in the period (cost anomalies, tier-mix shifts,
-- budget thresholds, policy moves), newest first, as the sink stored them.
--
-- Parameters: {from:DateTime}, {to:DateTime} (alerts raised in [from, to)) and {limit:UInt32}.
-- FINAL: an alert stored twice is listed once.
SELECT
    ts AS raised_at,
    kind,
    subject,
    period,
    observed,
    baseline,
    threshold,
    substring(message, 1, 1000) AS alert_message
FROM llm_alerts FINAL
WHERE ts >= {from:DateTime} AND ts < {to:DateTime}
ORDER BY ts DESC, alert_id
LIMIT {limit:UInt32}
