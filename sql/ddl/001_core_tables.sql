-- Core tables of the Waqai warehouse. Applied once, in order, and recorded in
-- schema_migrations; every statement is also safe to run twice (IF NOT EXISTS).
-- Types are the flat ones dashboard drivers understand: VARCHAR, BIGINT, DOUBLE, DATE,
-- TIMESTAMP (naive UTC), BOOLEAN.

-- One row per pipeline run.
create table if not exists runs (
    run_id              varchar primary key,   -- r_<UTC timestamp>_<random>
    started_at          timestamp not null,    -- UTC
    finished_at         timestamp,             -- UTC; NULL while running
    status              varchar not null,      -- running | succeeded
    inputs              varchar,               -- the input paths, JSON list
    extraction_version  varchar not null,      -- code version + lexicon fingerprint
    flow_run_id         varchar,               -- Prefect flow run id
    docs_seen           bigint default 0,      -- documents read from the inputs
    docs_loaded         bigint default 0,      -- new documents stored
    docs_skipped        bigint default 0,      -- already stored (same text), left as they were
    docs_reextracted    bigint default 0,      -- stored documents re-extracted after a rule change
    docs_rejected       bigint default 0,      -- inputs that could not be read as documents
    mentions_loaded     bigint default 0       -- event mentions written by this run
);

-- One row per distinct article text; the raw text is kept so re-extraction never needs
-- the source files again.
create table if not exists documents (
    doc_id              varchar primary key,   -- d_ + sha256(text)[:20]
    source_uri          varchar not null,      -- file path, or path#id for a JSONL record
    title               varchar,
    published           date,                  -- from metadata only; NULL when unknown
    source              varchar,
    url                 varchar,
    language            varchar,
    text                varchar not null,      -- raw text as read (UTF-8, LF line ends)
    n_chars             bigint not null,
    meta_problem        varchar,               -- why metadata was ignored, if it was
    loaded_run_id       varchar not null,      -- run that first stored it
    extraction_version  varchar not null       -- version its mentions were extracted with
);

-- One row per input that could not become a document.
create table if not exists rejected_documents (
    source_uri          varchar primary key,
    reason              varchar not null,      -- unsupported_type | empty | binary | too_large | undecodable | bad_json | unreadable
    detail              varchar,
    run_id              varchar not null       -- run that first rejected it
);

-- One row per event mention: one event (type, actor, target) found in one sentence.
-- Offsets are character offsets into documents.text.
create table if not exists mentions (
    mention_id          varchar primary key,
    doc_id              varchar not null,
    event_type          varchar not null,      -- visit | arms_deal | military_deployment
    actor_code          varchar not null,      -- ISO 3166-1 alpha-3 or organisation code
    target_code         varchar not null,
    status              varchar not null,      -- occurred | ongoing | planned | cancelled | denied
    rule_id             varchar not null,      -- the event pattern that fired (lexicons/ar/event_patterns.yaml)
    cameo_code          varchar,
    plover              varchar,
    confidence          double,
    sentence_index      bigint not null,
    sentence_start      bigint not null,
    sentence_end        bigint not null,
    sentence            varchar not null,
    trigger             varchar not null,
    trigger_start       bigint not null,
    trigger_end         bigint not null,
    actor_text          varchar,
    actor_start         bigint,
    actor_end           bigint,
    actor_kind          varchar,               -- person | role+nisba | country | capital | nisba | org | ...
    target_text         varchar,
    target_start        bigint,
    target_end          bigint,
    target_kind         varchar,
    event_date          date,                  -- start of the interval the text supports; NULL if none
    date_value          varchar,               -- 2023-11-01 | 2023-W44 | 2023-11 | 2023
    date_precision      varchar,               -- day | week | month | year
    date_basis          varchar,               -- explicit | relative_to_publication | anchored | document_context | adjacent_sentence | earlier_than_report | none
    date_text           varchar,
    date_start          bigint,
    date_end            bigint,
    date_rule           varchar,
    weapon_system       varchar,
    deal_value          varchar,
    troops              bigint,
    extraction_version  varchar not null
);
create index if not exists mentions_doc on mentions (doc_id);
