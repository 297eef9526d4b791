-- event_mentions: one row per event mention that asserts an event (denied and cancelled ones left out:
-- a called-off visit or a frozen sale did not happen; both stay in `mentions` with their status),
-- with its document's source and the id of the canonical event it belongs to.
-- Upstream: mentions, documents, event_members (canonical events, transforms/dedup.py). The columns source_uri, event_type, actor_code,
-- target_code, event_date, date_precision and event_id are the evaluation contract
-- (../shared/eval/README.md); the rest is provenance.
create or replace view event_mentions as
with

asserted as (
    select * from mentions where status not in ('denied', 'cancelled')
),

with_source as (
    select
        m.*,
        em.event_id,
        d.source_uri,
        d.published,
        d.source,
        d.title
    from asserted m
    join documents d using (doc_id)
    left join event_members em using (mention_id)
),

final as (
    select
        mention_id,
        event_id,
        source_uri,
        doc_id,
        event_type,
        actor_code,
        target_code,
        event_date,
        date_precision,
        date_value,
        date_basis,
        date_text,
        status,
        rule_id,
        cameo_code,
        plover,
        plover_mode,
        confidence,
        published,
        source,
        title,
        sentence_index,
        sentence,
        trigger,
        trigger_start,
        trigger_end,
        actor_text,
        actor_person,
        actor_start,
        actor_end,
        target_text,
        target_start,
        target_end,
        date_start,
        date_end,
        weapon_system,
        deal_value,
        troops,
        phase,
        stay_days
    from with_source
)

select * from final
