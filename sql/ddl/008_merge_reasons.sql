-- Why each mention joined its event and why events were merged (transforms/dedup.py), so
-- `waqai explain EVENT_ID` can say it. Rows written before this file have NULL reasons.
alter table event_members add column if not exists join_reason varchar;    -- rule id: same_day, consecutive_days, contained_in_month, ...
alter table event_members add column if not exists join_evidence varchar;  -- the dates or documents that made it join
alter table event_merges add column if not exists rule_id varchar;         -- rule that showed the two events to be one
alter table event_merges add column if not exists evidence varchar;        -- the mention and intervals behind the merge
