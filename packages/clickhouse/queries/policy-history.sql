-- policy-history: the policy changes published on llm.policy in the period, newest first, as
-- the sink stored them (the topic itself is compacted: only this table keeps every change).
--
-- Parameters: {from:DateTime}, {to:DateTime} (changes made in [from, to)) and {limit:UInt32}.
-- tier is '' when the change sent the type back to the base config; the evidence columns are
-- '' and 0 for a change made without evidence. FINAL: a change stored twice is listed once.
SELECT
    ts AS changed_at,
    policy_version,
    task_type,
    tier,
    moved_from,
    pinned,
    author,
    substring(reason, 1, 1000) AS change_reason,
    evidence_phase,
    evidence_samples,
    round(evidence_lower, 4) AS agreement_lower_95,
    round(evidence_upper, 4) AS agreement_upper_95
FROM llm_policy_changes FINAL
WHERE ts >= {from:DateTime} AND ts < {to:DateTime}
ORDER BY ts DESC, policy_version DESC, change_id
LIMIT {limit:UInt32}
