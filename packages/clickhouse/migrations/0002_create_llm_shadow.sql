-- llm_shadow: one row per shadow comparison (an original answer against the next cheaper
-- tier's answer for the same task), from the shadow events on llm.shadow.
--
-- event_id is `${task_id}:${shadow_tier}`: a comparison evaluated twice (after a restart) has
-- the same id but maybe another ts, score or verdict. The sorting key is the id alone and the
-- table is not partitioned, so every copy of one comparison collapses into one row wherever its
-- ts falls; read with FINAL. Shadow traffic is a few percent of all tasks, so one partition is fine.
--
-- original_output and shadow_output are NULL when content storage is switched off; the hashes
-- and lengths are always there.
CREATE TABLE IF NOT EXISTS llm_shadow
(
    event_id String,
    ts DateTime('UTC'),
    task_id String,
    task_type String,
    original_tier String,
    original_model String,
    shadow_tier String,
    shadow_model String,
    evaluator String,
    score Float64,
    verdict String,
    original_cost_usd Nullable(Float64),
    shadow_cost_usd Nullable(Float64),
    evaluation_cost_usd Nullable(Float64),
    original_output Nullable(String),
    shadow_output Nullable(String),
    original_output_sha256 String,
    shadow_output_sha256 String,
    original_output_length UInt32,
    shadow_output_length UInt32,
    feature String,
    tenant String,
    metadata String,
    inserted_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY tuple()
ORDER BY event_id;
