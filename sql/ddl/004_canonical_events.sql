-- Canonical events: which event each mention belongs to, and the merges of events that
-- later reports showed to be one (so a bookmarked event id can always be followed).
-- The run log moves to run_log; the view `runs` exposes it with flat types.
alter table runs rename to run_log;

create table if not exists event_members (
    mention_id   varchar primary key,   -- a non-denied mention
    event_id     varchar not null,      -- e_ + sha1(mention that created the event)[:16]
    run_id       varchar not null       -- run that assigned it (or moved it in a merge)
);
create index if not exists event_members_event on event_members (event_id);

create table if not exists event_merges (
    merged_event_id  varchar primary key,   -- an event id that no longer exists on its own
    into_event_id    varchar not null,      -- the event it became part of
    run_id           varchar not null
);
