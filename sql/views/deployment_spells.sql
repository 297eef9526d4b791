-- deployment_spells: one row per continuous deployment of an actor in a host — from its first
-- deployment report (decided or arriving) to the withdrawal that ends it — built from the
-- canonical deployment and withdrawal events of that pair across all articles. The events of a
-- pair are put in date order; a deployment after a done withdrawal opens a new spell. An event
-- the text does not date stands at its first report's publication date (precision 'reported':
-- it happened no later), and counts for a boundary only when the spell has no dated one.
-- An announced withdrawal does not end a spell. A state's spell inside an organisation's spell
-- in the same host (a member's contingent in a CSTO mission) names that organisation in
-- mission_code. Upstream: events, event_members, mentions, documents.
create or replace view deployment_spells as
with

-- Members of the organisations whose missions bring national contingents (CSTO in 2022).
mission_members (org_code, member_code) as (
    values ('CSTO', 'ARM'), ('CSTO', 'BLR'), ('CSTO', 'KAZ'), ('CSTO', 'KGZ'), ('CSTO', 'RUS'), ('CSTO', 'TJK')
),

pair_events as (
    select
        e.event_id,
        e.event_type,
        e.actor_code,
        e.target_code,
        e.status,
        e.troops,
        e.event_date,
        e.date_precision,
        coalesce(e.event_date, e.first_reported) as on_date,
        e.event_date is not null as dated,
        case
            when e.event_type = 'military_deployment' then 'deploy'
            when e.status in ('occurred', 'ongoing') then 'withdraw'
            else 'withdraw_announced'
        end as kind
    from events e
    where e.event_type in ('military_deployment', 'military_withdrawal')
      and e.status in ('occurred', 'ongoing', 'planned')
      and coalesce(e.event_date, e.first_reported) is not null
),

ordered as (
    select
        *,
        case when kind = 'deploy' and lag(kind) over w = 'withdraw' then 1 else 0 end as opens
    from pair_events
    window w as (partition by actor_code, target_code order by on_date, kind, event_id)
),

numbered as (
    select
        *,
        sum(opens) over (partition by actor_code, target_code order by on_date, kind, event_id
                         rows between unbounded preceding and current row) as spell_no
    from ordered
),

reports as (
    select
        n.actor_code,
        n.target_code,
        n.spell_no,
        count(distinct m.doc_id)::bigint as n_documents,
        arg_min(d.source_uri, d.published) as first_source,
        arg_max(d.source_uri, d.published) as last_source
    from numbered n
    join event_members em using (event_id)
    join mentions m using (mention_id)
    join documents d using (doc_id)
    group by all
),

spells as (
    select
        actor_code,
        target_code,
        spell_no,
        coalesce(min(on_date) filter (where kind = 'deploy' and dated),
                 min(on_date) filter (where kind = 'deploy')) as started_on,
        coalesce(arg_min(date_precision, on_date) filter (where kind = 'deploy' and dated),
                 case when count(*) filter (where kind = 'deploy') > 0 then 'reported' end) as started_precision,
        coalesce(max(on_date) filter (where kind = 'withdraw' and dated),
                 max(on_date) filter (where kind = 'withdraw')) as ended_on,
        coalesce(arg_max(date_precision, on_date) filter (where kind = 'withdraw' and dated),
                 case when count(*) filter (where kind = 'withdraw') > 0 then 'reported' end) as ended_precision,
        case
            when count(*) filter (where kind = 'withdraw') > 0 then 'ended'
            when bool_or(kind = 'deploy' and status in ('occurred', 'ongoing')) then 'ongoing'
            else 'announced'
        end as status,
        max(troops)::bigint as troops,
        count(*) filter (where kind = 'deploy')::bigint as n_deployment_events,
        count(*) filter (where kind <> 'deploy')::bigint as n_withdrawal_events
    from numbered
    group by all
),

final as (
    select
        s.actor_code || '|' || s.target_code || '|' || s.spell_no::varchar as spell_id,
        s.actor_code,
        s.target_code,
        s.started_on,
        s.started_precision,
        s.ended_on,
        s.ended_precision,
        s.status,
        s.troops,
        s.n_deployment_events,
        s.n_withdrawal_events,
        r.n_documents,
        r.first_source,
        r.last_source,
        (select min(o.actor_code)
           from spells o
           join mission_members mm on mm.org_code = o.actor_code and mm.member_code = s.actor_code
          where o.target_code = s.target_code
            and coalesce(o.started_on, o.ended_on) <= coalesce(s.ended_on, s.started_on) + 7
            and coalesce(s.started_on, s.ended_on) <= coalesce(o.ended_on, o.started_on, s.started_on) + 7
        ) as mission_code
    from spells s
    join reports r using (actor_code, target_code, spell_no)
)

select * from final
