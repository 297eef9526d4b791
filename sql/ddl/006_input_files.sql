-- Input files a run read completely, with the size and modification time they had then: an
-- unchanged file is not read again (a re-run with nothing new costs no parsing).
create table if not exists input_files (
    path          varchar primary key,
    size_bytes    bigint not null,
    mtime_ns      bigint not null,
    run_id        varchar not null    -- the run that read it
);
