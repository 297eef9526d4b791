-- runs: one row per pipeline run, with what it read, stored, skipped, re-extracted and
-- rejected. Upstream: run_log.
create or replace view runs as
select
    run_id,
    started_at,
    finished_at,
    status,
    inputs,
    extraction_version,
    flow_run_id,
    docs_seen,
    docs_loaded,
    docs_skipped,
    docs_reextracted,
    docs_rejected,
    mentions_loaded
from run_log
