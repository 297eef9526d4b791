-- military_withdrawals: one row per canonical withdrawal of forces from another state (a
-- pull-out announced, under way or completed, a drawdown), with the troop count when stated
-- and the latest phase its reports give. Upstream: events, event_members, mentions.
create or replace view military_withdrawals as
with

phases as (
    select
        em.event_id,
        -- the furthest stage any report reaches: completed > started > announced
        case max(case m.phase when 'completed' then 3 when 'withdrawal_started' then 2 when 'withdrawal_announced' then 1 else 0 end)
            when 3 then 'completed' when 2 then 'withdrawal_started' when 1 then 'withdrawal_announced'
        end as phase
    from event_members em
    join mentions m using (mention_id)
    group by em.event_id
),

final as (
    select
        e.event_id,
        e.actor_code as withdrawing_code,
        e.target_code as left_code,
        e.event_date,
        e.date_precision,
        e.date_value,
        e.status,
        p.phase,
        e.troops,
        e.actor_code = 'CSTO' as is_csto,
        e.n_mentions,
        e.n_documents,
        e.n_sources,
        e.first_reported,
        e.last_reported,
        e.sentence,
        e.source_uri
    from events e
    left join phases p using (event_id)
    where e.event_type = 'military_withdrawal'
)

select * from final
