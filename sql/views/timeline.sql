-- timeline: one row per (granularity, period, event type): how many canonical events fall in
-- each ISO week and each month. An event counts at a granularity only when its date is at
-- least that precise (a month-dated event is in the monthly rows, not the weekly ones).
-- Upstream: events.
create or replace view timeline as
with

weekly as (
    select
        'week' as granularity,
        date_trunc('week', event_date)::date as period_start,
        strftime(event_date, '%G-W%V') as period_label,
        event_type,
        count(*)::bigint as n_events,
        sum(n_mentions)::bigint as n_mentions
    from events
    where event_date is not null and date_precision in ('day', 'week')
    group by all
),

monthly as (
    select
        'month' as granularity,
        date_trunc('month', event_date)::date as period_start,
        strftime(event_date, '%Y-%m') as period_label,
        event_type,
        count(*)::bigint as n_events,
        sum(n_mentions)::bigint as n_mentions
    from events
    where event_date is not null and date_precision in ('day', 'week', 'month')
    group by all
)

select * from weekly
union all
select * from monthly
