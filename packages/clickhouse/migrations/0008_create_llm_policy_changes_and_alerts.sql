-- llm_policy_changes and llm_alerts: the policy topic (llm.policy) and the alerts topic (llm.alerts)
-- kept as history, so that the reports (and the dashboard) read them like every other figure.
-- The policy topic is compacted (one change per task type survives); this table keeps them all.
--
-- ReplacingMergeTree keyed by (ts, id): a change or an alert read twice has the same id and time
-- and collapses to one row; the sink also skips ids already stored before it inserts.
-- llm_policy_changes.tier is '' when the change sends the type back to the base config; the
-- evidence columns are '' and 0 when the change came without evidence (an operator's).
-- Additive only: no existing table changes.
CREATE TABLE IF NOT EXISTS llm_policy_changes
(
    change_id String,
    ts DateTime('UTC'),
    policy_version UInt64,
    task_type String,
    tier String,
    moved_from String,
    pinned UInt8,
    author String,
    reason String,
    evidence_phase String,
    evidence_samples UInt32,
    evidence_lower Float64,
    evidence_upper Float64,
    inserted_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, change_id);

CREATE TABLE IF NOT EXISTS llm_alerts
(
    alert_id String,
    ts DateTime('UTC'),
    kind String,
    subject String,
    period String,
    observed Float64,
    baseline Float64,
    threshold Float64,
    message String,
    inserted_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, alert_id);
