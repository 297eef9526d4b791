-- document_status: one row per input the pipeline has seen: every stored document and
-- every rejected input, with the run that first saw it and how many event mentions it gave.
-- A document whose detected language is not Arabic is loaded but says so in `detail`
-- (the rules read Arabic only, so it normally gives no events).
-- Upstream: documents, rejected_documents, mentions.
create or replace view document_status as
with

counted as (
    select
        d.*,
        (select count(*) from mentions m where m.doc_id = d.doc_id)::bigint as n_mentions
    from documents d
),

loaded as (
    select
        source_uri,
        'loaded' as status,
        cast(null as varchar) as reason,
        doc_id,
        title,
        published,
        nullif(concat_ws('; ',
            case when language <> 'ar' then
                'language ' || language || ' detected, not Arabic: '
                || case when n_mentions = 0 then 'no events extracted'
                        else n_mentions || ' mentions from its Arabic passages' end
            end,
            meta_problem), '') as detail,
        loaded_run_id as run_id,
        n_mentions,
        language
    from counted
),

rejected as (
    select
        source_uri,
        'rejected' as status,
        reason,
        cast(null as varchar) as doc_id,
        cast(null as varchar) as title,
        cast(null as date) as published,
        detail,
        run_id,
        0::bigint as n_mentions,
        cast(null as varchar) as language
    from rejected_documents
)

select * from loaded
union all
select * from rejected
