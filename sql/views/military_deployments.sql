-- military_deployments: one row per canonical deployment of forces to another state
-- (contingents, peacekeepers, military police, bases), with the troop count when stated and
-- whether it is a CSTO deployment. Upstream: events.
create or replace view military_deployments as
select
    event_id,
    actor_code as deploying_code,
    target_code as host_code,
    event_date,
    date_precision,
    date_value,
    status,
    troops,
    actor_code = 'CSTO' as is_csto,
    n_mentions,
    n_documents,
    n_sources,
    first_reported,
    last_reported,
    sentence,
    source_uri
from events
where event_type = 'military_deployment'
