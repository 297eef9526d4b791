-- dyads_monthly: one row per (actor, target, month) with the number of dated events of each
-- type that month. Events dated only to a year are left out (they have no month).
-- Upstream: events.
create or replace view dyads_monthly as
with

dated as (
    select *
    from events
    where event_date is not null and date_precision in ('day', 'week', 'month')
),

final as (
    select
        actor_code,
        target_code,
        date_trunc('month', event_date)::date as month,
        strftime(event_date, '%Y-%m') as month_label,
        count(*) filter (where event_type = 'visit')::bigint as n_visits,
        count(*) filter (where event_type = 'arms_deal')::bigint as n_arms_deals,
        count(*) filter (where event_type = 'military_deployment')::bigint as n_military_deployments,
        count(*) filter (where event_type = 'military_withdrawal')::bigint as n_military_withdrawals,
        count(*)::bigint as n_events,
        sum(n_mentions)::bigint as n_mentions
    from dated
    group by all
)

select * from final
