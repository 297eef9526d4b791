-- events: one row per canonical event — one real-world visit, arms deal or deployment,
-- however many articles report it (transforms/dedup.py groups the mentions). Its date is the
-- best-supported one among its members: the most precise precision among the dates consistent
-- with their reports (a date after its own report of a done event is not the event's), then at
-- that precision the earliest value reported by at least two documents (or, when none is, the
-- earliest), so a multi-day trip is dated by its start and a lone misread date does not lead.
-- A visit's day a report gives as its start (an arrival, "يبدأ ... زيارة", "من 25 إلى 28 مارس", a start counted back
-- from a stated stay) wins over that pick when at most a week before it or two days after:
-- the departure the day before, the second day of a stay or the White House meeting days
-- after the arrival is not the start.
-- Conflicting values at that precision are counted and listed. Its status is the latest
-- reliable one: occurred once any report says so (then ongoing), else that of its latest
-- report (planned → cancelled, or planned again).
-- Upstream: event_members, mentions, documents.
create or replace view events as
with

members as (
    select
        em.event_id,
        m.*,
        d.source_uri,
        d.published,
        d.source,
        -- (a report of it called off asserts nothing: the counts are of those event_mentions lists)
        coalesce(m.status, '') not in ('cancelled', 'denied') as asserts
    from event_members em
    join mentions m using (mention_id)
    join documents d using (doc_id)
),

consistent as (
    select
        *,
        case when date_precision is null then 9
             when status in ('occurred', 'ongoing') and event_date > published + 1 then 9
             else case date_precision when 'day' then 0 when 'week' then 1 when 'month' then 2 when 'year' then 3 else 9 end
        end as precision_rank,
        count(distinct doc_id) over (partition by event_id, date_value) as date_support,
        event_type = 'visit' and date_precision = 'day' and status in ('occurred', 'ongoing', 'planned') and (
            (rule_id = 'VISIT-ARRIVE-VERB' and date_basis in ('explicit', 'relative_to_publication'))
            or date_rule in ('DATE-STAY-LENGTH', 'DATE-STAY-NTH-DAY', 'DATE-ARRIVAL-DAY', 'DATE-DAY-SPAN-START', 'DATE-DAY-RANGE-START')
            or regexp_matches(substr(sentence, greatest(1, trigger_start - sentence_start - 79), least(80, trigger_start - sentence_start + 1)),
                              '(^|[^\p{L}])[وف]?(يبدأ|تبدأ|بدأ|بدأت|يستهل|تستهل|استهل|استهلت)([^\p{L}]|$)')
        ) as states_start
    from members
),

best_precision as (
    select event_id, min(precision_rank) as precision_rank, max(date_support) as max_support
    from consistent
    group by event_id
),

ranked as (
    select
        c.*,
        row_number() over (
            partition by c.event_id
            order by c.precision_rank,
                     case when c.precision_rank = p.precision_rank and c.date_support >= least(2, p.max_support) then 0 else 1 end,
                     c.event_date, c.mention_id
        ) as date_rank,
        row_number() over (partition by c.event_id order by c.confidence desc, c.published, c.mention_id) as sentence_rank,
        row_number() over (partition by c.event_id order by c.published desc nulls last, c.mention_id) as latest_rank
    from consistent c
    join best_precision p using (event_id)
),

default_pick as (
    select *
    from ranked
    where date_rank = 1
),

stated_start as (
    select
        r.*,
        row_number() over (partition by r.event_id order by r.event_date, r.mention_id) as start_rank
    from ranked r
    join default_pick d on d.event_id = r.event_id
    where r.states_start and r.precision_rank = 0 and d.precision_rank = 0
      and date_diff('day', r.event_date, d.event_date) between -2 and 7
),

picked as (
    select d.event_id, coalesce(s.mention_id, d.mention_id) as mention_id
    from default_pick d
    left join stated_start s on s.event_id = d.event_id and s.start_rank = 1
),

best_date as (
    select
        r.event_id,
        case when r.precision_rank < 9 then r.event_date end as event_date,
        case when r.precision_rank < 9 then r.date_precision end as date_precision,
        case when r.precision_rank < 9 then r.date_value end as date_value,
        case when r.precision_rank < 9 then r.date_basis else 'none' end as date_basis
    from ranked r
    join picked p on p.event_id = r.event_id and p.mention_id = r.mention_id
),

latest_status as (
    select event_id, status as latest_status
    from ranked
    where latest_rank = 1
),

date_conflicts as (
    select
        r.event_id,
        (count(distinct r.date_value) - 1)::bigint as n_date_conflicts,
        string_agg(distinct r.date_value, ', ' order by r.date_value) as date_values
    from ranked r
    join best_date b on b.event_id = r.event_id and b.date_precision = r.date_precision
    where r.precision_rank < 9
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
        end as done_status,
        count(*) filter (where asserts)::bigint as n_mentions,
        count(distinct doc_id) filter (where asserts)::bigint as n_documents,
        count(distinct source) filter (where asserts)::bigint as n_sources,
        count(distinct doc_id) filter (where status = 'cancelled')::bigint as n_called_off,
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
        coalesce(a.done_status, l.latest_status) as status,
        a.n_mentions,
        a.n_documents,
        a.n_sources,
        a.n_called_off,
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
    join latest_status l using (event_id)
    left join date_conflicts c using (event_id)
)

select * from final
