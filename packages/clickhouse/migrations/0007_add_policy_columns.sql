-- The live routing policy (llm.policy): which policy version routed each call, and guard pairs.
--
-- llm_usage.policy_version: the policy version in force when the router routed the task
-- (0: the base config alone, and every row written before this migration).
-- llm_shadow.phase: 'shadow' for pairs judged before a move (the original on its tier against
-- the cheaper tier), 'guard' for pairs after a move (the new tier's answer against a re-run on
-- the tier the type left). Rows written before this migration are shadow pairs.
-- Additive only: existing readers and the hourly rollups do not see the new columns.
-- 18.16 has no ADD COLUMN IF NOT EXISTS: the migration runner treats "column already exists"
-- (code 44) on an ADD COLUMN as done, so two processes applying this at once converge.
ALTER TABLE llm_usage ADD COLUMN policy_version UInt32 DEFAULT 0;
ALTER TABLE llm_shadow ADD COLUMN phase String DEFAULT 'shadow';
ALTER TABLE llm_shadow ADD COLUMN policy_version UInt32 DEFAULT 0;
