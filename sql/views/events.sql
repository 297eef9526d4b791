-- events: one row per canonical event (the event_id of event_mentions), with its best date,
-- how many mentions, documents and sources report it, and one representative sentence.
-- Upstream: event_mentions.
create or replace view events as
with

ranked as (
    select
        *,
        row_number() over (partition by event_id order by confidence desc, published, mention_id) as rank_in_event
    from event_mentions
),

final as (
    select
        event_id,
        any_value(event_type) as event_type,
        any_value(actor_code) as actor_code,
        any_value(target_code) as target_code,
        min(event_date) as event_date,
        any_value(date_precision) filter (where event_date is not null) as date_precision,
        any_value(status) filter (where rank_in_event = 1) as status,
        count(*)::bigint as n_mentions,
        count(distinct doc_id)::bigint as n_documents,
        count(distinct source)::bigint as n_sources,
        min(published) as first_reported,
        max(published) as last_reported,
        any_value(sentence) filter (where rank_in_event = 1) as sentence,
        any_value(rule_id) filter (where rank_in_event = 1) as rule_id
    from ranked
    group by event_id
)

select * from final
