-- events: one row per canonical event — one real-world visit, arms deal or deployment,
-- however many articles report it. Its date is the most precise one its mentions support
-- (conflicting values at that precision are counted and listed), its status the strongest
-- reported (occurred > ongoing > cancelled > planned).
-- Upstream: event_members, mentions, documents.
create or replace view events as
with

members as (
    select
        em.event_id,
        m.*,
        d.source_uri,
        d.published,
        d.source
    from event_members em
    join mentions m using (mention_id)
    join documents d using (doc_id)
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_id
            order by case date_precision when 'day' then 0 when 'week' then 1 when 'month' then 2 when 'year' then 3 else 9 end,
                     event_date, mention_id
        ) as date_rank,
        row_number() over (partition by event_id order by confidence desc, published, mention_id) as sentence_rank
    from members
),

best_date as (
    select event_id, event_date, date_precision, date_value, date_basis
    from ranked
    where date_rank = 1
),

date_conflicts as (
    select
        r.event_id,
        (count(distinct r.date_value) - 1)::bigint as n_date_conflicts,
        string_agg(distinct r.date_value, ', ' order by r.date_value) as date_values
    from ranked r
    join best_date b on b.event_id = r.event_id and b.date_precision = r.date_precision
    group by r.event_id
),

representative as (
    select event_id, sentence, source_uri, rule_id, cameo_code, plover, plover_mode
    from ranked
    where sentence_rank = 1
),

aggregated as (
    select
        event_id,
        any_value(event_type) as event_type,
        any_value(actor_code) as actor_code,
        any_value(target_code) as target_code,
        case
            when bool_or(status = 'occurred') then 'occurred'
            when bool_or(status = 'ongoing') then 'ongoing'
            when bool_or(status = 'cancelled') then 'cancelled'
            else 'planned'
        end as status,
        count(*)::bigint as n_mentions,
        count(distinct doc_id)::bigint as n_documents,
        count(distinct source)::bigint as n_sources,
        min(published) as first_reported,
        max(published) as last_reported,
        string_agg(distinct weapon_system, '; ') as weapon_system,
        string_agg(distinct deal_value, '; ') as deal_value,
        max(troops)::bigint as troops
    from members
    group by event_id
),

final as (
    select
        a.event_id,
        a.event_type,
        a.actor_code,
        a.target_code,
        b.event_date,
        b.date_precision,
        b.date_value,
        b.date_basis,
        coalesce(c.n_date_conflicts, 0)::bigint as n_date_conflicts,
        c.date_values,
        a.status,
        a.n_mentions,
        a.n_documents,
        a.n_sources,
        a.first_reported,
        a.last_reported,
        r.sentence,
        r.source_uri,
        r.rule_id,
        r.cameo_code,
        r.plover,
        r.plover_mode,
        a.weapon_system,
        a.deal_value,
        a.troops
    from aggregated a
    join best_date b using (event_id)
    join representative r using (event_id)
    left join date_conflicts c using (event_id)
)

select * from final
