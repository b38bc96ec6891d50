-- llm_usage: one row per model call, from the usage events on llm.usage (failed calls included).
--
-- ReplacingMergeTree keyed by (ts, event_id): a usage event delivered twice has the same id
-- and the same ts, so both copies share a sorting key and a partition and collapse to one
-- row. Merges are eventual: read with FINAL (or count distinct event ids) to count each call once.
-- The sink also skips event ids already stored before it inserts (see the README), which is
-- what keeps the materialized views below exact.
--
-- error_type is '' when the call succeeded (not Nullable: plain String is cheaper to filter and
-- group on 18.16). cost_usd is NULL when the model has no price in the catalog, never 0.
CREATE TABLE IF NOT EXISTS llm_usage
(
    event_id String,
    ts DateTime('UTC'),
    task_id String,
    task_type String,
    tier String,
    model String,
    role String,
    status String,
    error_type String,
    attempt UInt16,
    input_tokens UInt64,
    output_tokens UInt64,
    cache_creation_input_tokens UInt64,
    cache_read_input_tokens UInt64,
    cost_usd Nullable(Float64),
    latency_ms UInt32,
    feature String,
    tenant String,
    metadata String,
    inserted_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(ts)
ORDER BY (ts, event_id);
