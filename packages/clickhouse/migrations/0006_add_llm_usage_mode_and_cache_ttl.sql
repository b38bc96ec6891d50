-- skip-when-column-exists: llm_usage.mode
--
-- How each call was made (sync: the Messages API; batch: the Message Batches API, billed at the
-- batch rate) and the cache writes split by TTL (5 minutes / 1 hour; they sum to
-- cache_creation_input_tokens). Rows stored before this migration read as sync with no split.
-- 18.16 has no ADD COLUMN IF NOT EXISTS: the line above makes a re-run after an interrupted
-- start (columns added, migration not yet recorded) skip the ALTER instead of failing.
ALTER TABLE llm_usage
    ADD COLUMN mode String DEFAULT 'sync',
    ADD COLUMN cache_creation_5m_input_tokens UInt64 DEFAULT 0,
    ADD COLUMN cache_creation_1h_input_tokens UInt64 DEFAULT 0;
