-- How many days a visit is said to last in its own sentence ("زيارة تستمر ثلاثة أسابيع" → 21;
-- transforms/dates/stay.py stated_length); NULL when the sentence does not say. Merging uses it
-- to keep the reports of one long tour in one event (transforms/dedup.py).
alter table mentions add column if not exists stay_days bigint;
