-- Documents whose extraction raised an error: the document stays stored (its text is kept
-- for a later re-extraction), its mentions are missing, and the reason is recorded here.
create table if not exists extraction_errors (
    doc_id              varchar not null,
    run_id              varchar not null,
    extraction_version  varchar not null,
    error               varchar not null,
    primary key (doc_id, extraction_version)
);
