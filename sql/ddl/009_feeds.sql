-- News feeds as input (`waqai run --input https://.../feed.xml`, or a NAME.feeds file of URLs).
-- Safe to run twice (IF NOT EXISTS).

-- One row per feed URL: what its server said last time, for a conditional GET next time
-- (If-None-Match / If-Modified-Since), so an unchanged feed costs a 304 and no download.
create table if not exists feeds (
    feed_url            varchar primary key,
    title               varchar,               -- the feed's own title (also documents.source of its entries)
    etag                varchar,               -- ETag header of the last 200 answer
    last_modified       varchar,               -- Last-Modified header of the last 200 answer, as sent
    last_status         bigint,                -- HTTP status of the last fetch (200, 304, 500, ...; NULL: no answer)
    last_fetched_at     timestamp,             -- UTC
    run_id              varchar                -- run that fetched it last
);

-- One row per entry a feed listed: its page becomes a document whose source_uri is entry_url.
-- An entry whose page could not be fetched is in rejected_documents (reason unreadable,
-- detail "fetch failed: ...") and is fetched again on the next run, even when the feed
-- itself answers 304.
create table if not exists feed_entries (
    entry_url           varchar primary key,
    feed_url            varchar not null,
    title               varchar,
    published           date,                  -- the entry's own date (published, else updated)
    first_seen_run_id   varchar not null
);
