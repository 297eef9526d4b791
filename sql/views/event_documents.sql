-- event_documents: the bridge between canonical events and the documents that report them:
-- one row per (event, document), so a dashboard can drill from an event to its sources.
-- Upstream: event_members, mentions, documents.
create or replace view event_documents as
select
    em.event_id,
    m.doc_id,
    d.source_uri,
    d.title,
    d.published,
    d.source,
    d.url,
    count(*)::bigint as n_mentions,
    min(m.sentence_index)::bigint as first_sentence_index
from event_members em
join mentions m using (mention_id)
join documents d using (doc_id)
group by all
