-- The phase of a deployment or withdrawal mention (transforms/events/phases.py): decided,
-- arriving, reinforced, withdrawal_announced, withdrawal_started or completed; NULL for other types.
alter table mentions add column if not exists phase varchar;
