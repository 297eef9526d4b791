-- visits: one row per canonical visit (official travels to another state; announced and
-- planned ones included, see status). Upstream: events.
create or replace view visits as
select
    event_id,
    actor_code as visitor_code,
    target_code as host_code,
    event_date,
    date_precision,
    date_value,
    status,
    n_mentions,
    n_documents,
    n_sources,
    first_reported,
    last_reported,
    sentence,
    source_uri
from events
where event_type = 'visit'
