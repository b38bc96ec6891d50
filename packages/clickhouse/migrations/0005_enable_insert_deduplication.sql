-- minimum-server-version: 22.3
--
-- Servers from 22.3 on remember the deduplication tokens of the last inserts into plain
-- MergeTree tables once non_replicated_deduplication_window is set: the sink sends a
-- token derived from the event ids of each batch, so a batch inserted twice (say by two
-- sinks during a rebalance) is stored once, in the tables and in their rollups alike.
-- 18.16 has neither the setting nor ALTER … MODIFY SETTING: this migration is skipped
-- there, and applied the first time the sink starts against a newer server.
ALTER TABLE llm_usage MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE llm_shadow MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE llm_usage_hourly MODIFY SETTING non_replicated_deduplication_window = 1000;
ALTER TABLE llm_usage_hourly_by_tenant MODIFY SETTING non_replicated_deduplication_window = 1000;
