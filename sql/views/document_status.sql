-- document_status: one row per input the pipeline has seen: every stored document and
-- every rejected input, with the run that first saw it and how many event mentions it gave.
-- Upstream: documents, rejected_documents, mentions.
create or replace view document_status as
with

loaded as (
    select
        d.source_uri,
        'loaded' as status,
        cast(null as varchar) as reason,
        d.doc_id,
        d.title,
        d.published,
        d.meta_problem as detail,
        d.loaded_run_id as run_id,
        (select count(*) from mentions m where m.doc_id = d.doc_id)::bigint as n_mentions
    from documents d
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
        0::bigint as n_mentions
    from rejected_documents
)

select * from loaded
union all
select * from rejected
