-- arms_deals: one row per canonical arms deal (sale, purchase, supply, delivery, contract or
-- production of weapons), with the weapon system and value when the text states them.
-- Upstream: events.
create or replace view arms_deals as
select
    event_id,
    actor_code as supplier_code,
    target_code as recipient_code,
    event_date,
    date_precision,
    date_value,
    status,
    weapon_system,
    deal_value,
    n_mentions,
    n_documents,
    n_sources,
    first_reported,
    last_reported,
    sentence,
    source_uri
from events
where event_type = 'arms_deal'
