"""The Waqai flow: ingest → extract → load → publish.

Tasks work on batches of documents (a task run costs milliseconds of scheduling; an article
costs well under one), and pass file paths between them, not frames. Staged batches are
Parquet files in a private staging folder beside the warehouse; the load task writes the
whole run into DuckDB in one transaction, then the publish task swaps in a fresh read-only
copy for readers.
"""
from __future__ import annotations

import os

# Without network Prefect's telemetry only produces errors; set before prefect is imported.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

import datetime as dt
import shutil
import time
from contextlib import contextmanager
from importlib import resources
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl
from prefect import flow, task
from prefect.cache_policies import INPUTS, NO_CACHE, RUN_ID, TASK_SOURCE
from prefect.context import get_run_context
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context

from waqai.flows import feeds as feed_inputs
from waqai.flows import runlock
from waqai.flows.orchestration import call, in_prefect_run
from waqai.flows import warehouse as wh
from waqai.transforms.extract import extract_with_errors, extraction_version, warm_up
from waqai.transforms.ingest import DEFAULT_MAX_BYTES, discover, read_batches

SAMPLES_DIR = Path(str(resources.files("waqai.samples"))) / "ar"

# Called with (documents just done, stage label, the stage's total when known); the CLI
# passes one that draws a bar on a terminal or writes a line now and then to a log.
Progress = Callable[[int, str, int | None], None]

# The reporter is not an input worth hashing (nor hashable): the default policy without it.
_CACHE_WITHOUT_PROGRESS = (INPUTS - "progress") + TASK_SOURCE + RUN_ID


def _report(progress: Progress | None, n: int, label: str, total: int | None = None) -> None:
    if progress is not None:
        progress(n, label, total)


@dataclass
class RunRecord:
    """What the run row of `runs` is written from."""
    run_id: str
    started_at: dt.datetime
    inputs: list[str]
    version: str
    flow_run_id: str | None = None
    docs_seen: int = 0


@dataclass
class RunResult:
    """What a run did (the CLI's summary). Subscript access (`result["docs_loaded"]`) is kept
    for callers written when this was a dict."""
    run_id: str
    warehouse: str
    docs_seen: int = 0
    docs_loaded: int = 0
    docs_skipped: int = 0
    docs_reextracted: int = 0
    docs_rejected: int = 0
    docs_extracted: int = 0
    mentions_loaded: int = 0
    events_assigned: int = 0
    events_merged: int = 0
    files_unchanged: int = 0
    mention_parts: int = 0
    mentions_by_type: list[dict] = field(default_factory=list)
    mentions_denied: int = 0
    feeds_fetched: int = 0
    feeds_not_modified: int = 0
    pages_fetched: int = 0
    seconds: dict = field(default_factory=dict)

    def __getitem__(self, key: str):
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default)


@dataclass
class Stale:
    ids: list[str] = field(default_factory=list)     # stored documents to re-extract
    parts: list[str] = field(default_factory=list)   # their Parquet batches


@dataclass
class Staged:
    new_documents: list[str] = field(default_factory=list)     # Parquet parts of new documents
    reextract: list[str] = field(default_factory=list)         # parts of stored documents to re-extract
    reextract_ids: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    docs_seen: int = 0
    files_read: list[dict] = field(default_factory=list)       # path, size, mtime, documents
    files_unchanged: int = 0
    docs_to_extract: int = 0                                   # new documents + stored ones to re-extract


@task(retries=2, retry_delay_seconds=[1, 5])
def stage_stale(warehouse: str, staging: str, batch_size: int) -> Stale:
    """Stage stored documents whose mentions came from another extraction version, to be
    extracted again with this run's rules."""
    stage = Path(staging)
    stage.mkdir(parents=True, exist_ok=True)
    con = wh.connect_private(wh.paths(warehouse))
    try:
        ids, parts = wh.stage_stale_documents(con, extraction_version(), stage, batch_size)
    finally:
        con.close()
    return Stale(ids, parts)


@task(cache_policy=NO_CACHE)
def fetch_feeds(feeds: list[str], warehouse: str, staging: str, run_id: str, max_bytes: int) -> feed_inputs.Harvest:
    """Fetch the feeds and their new entries' pages (see flows/feeds.py); each request is a
    `fetch` task with its own retries."""
    stage = Path(staging)
    stage.mkdir(parents=True, exist_ok=True)
    return feed_inputs.harvest(feed_inputs.feed_urls(feeds), warehouse, stage, run_id, max_bytes)


@task(retries=2, retry_delay_seconds=[1, 5], cache_policy=_CACHE_WITHOUT_PROGRESS)
def ingest(inputs: list[str], warehouse: str, staging: str, batch_size: int, max_bytes: int,
           progress: Progress | None = None, fetched: list[str] | None = None) -> Staged:
    """Read every input, keep documents not stored yet, stage them in batches. `fetched`:
    documents already read from feeds (Parquet parts), kept or skipped the same way."""
    stage = Path(staging)
    stage.mkdir(parents=True, exist_ok=True)
    for old in list(stage.glob("documents-*")) + list(stage.glob("rejected-*")):
        old.unlink()  # a retry of this task starts over
    out = Staged()
    con = wh.connect_private(wh.paths(warehouse))
    try:
        return _ingest(con, inputs, stage, batch_size, max_bytes, progress, fetched, out)
    finally:
        con.close()


def _ingest(con, inputs: list[str], stage: Path, batch_size: int, max_bytes: int, progress: Progress | None,
            fetched: list[str] | None, out: Staged) -> Staged:
    seen_files = wh.input_files(con)
    files = []
    for f in discover(inputs):
        if not f.is_file():  # a broken link, loop, pipe or unlistable folder: rejected, never remembered
            files.append(f)
            continue
        st = f.stat()
        key = str(f.resolve())
        if seen_files.get(key) == (st.st_size, st.st_mtime_ns):
            out.files_unchanged += 1  # read completely by an earlier run, not modified since
        else:
            files.append(f)
            out.files_read.append({"path": key, "size_bytes": st.st_size, "mtime_ns": st.st_mtime_ns})
    # doc_id -> the source_uri that holds it: this run's documents, and the stored ones looked
    # up batch by batch (an incremental run costs what it reads, not what the archive holds)
    known: dict[str, str] = {}
    batches = read_batches(files, batch_size, max_bytes) if files else iter(())
    from waqai.transforms.ingest import Batch, REJECTED_SCHEMA

    fetched_batches = (Batch(pl.read_parquet(p), pl.DataFrame(schema=REJECTED_SCHEMA)) for p in fetched or [])
    for i, batch in enumerate(_chain(batches, fetched_batches)):
        out.docs_seen += batch.documents.height
        known.update(wh.stored_holders(con, [i for i in batch.documents["doc_id"].to_list() if i not in known]))
        fresh, duplicates = [], []
        for row in batch.documents.iter_rows(named=True):
            holder = known.get(row["doc_id"])
            if holder is None:
                known[row["doc_id"]] = row["source_uri"]
                fresh.append(row)
            elif holder != row["source_uri"]:
                # The same text under another path or id: accounted for, stored once.
                duplicates.append({"source_uri": row["source_uri"], "reason": "duplicate",
                                   "detail": f"same text as {holder} ({row['doc_id']})"})
        if fresh:
            part = stage / f"documents-{i:05d}.parquet"
            pl.DataFrame(fresh, schema=batch.documents.schema).write_parquet(part)
            out.new_documents.append(str(part))
            out.docs_to_extract += len(fresh)
        rejected = pl.concat([batch.rejected, pl.DataFrame(duplicates, schema=batch.rejected.schema)])
        if rejected.height:
            part = stage / f"rejected-{i:05d}.parquet"
            rejected.write_parquet(part)
            out.rejected.append(str(part))
        _report(progress, batch.documents.height, "read")
    # A file that could not be read is not remembered: the next run tries it again.
    unreadable = {r["source_uri"] for part in out.rejected for r in pl.read_parquet(part).iter_rows(named=True)
                  if r["reason"] == "unreadable"}
    out.files_read = [f for f in out.files_read if f["path"] not in unreadable]
    return out


def _chain(*iterables):
    for it in iterables:
        yield from it


@task(cache_policy=NO_CACHE)
def assign_events(con, run_id: str) -> dict:
    """Canonical events for the run's new mentions, inside the load's transaction (`con`)."""
    return wh.assign_events_in_db(con, run_id)


def extract_part(document_part: str) -> tuple[str, int]:
    """Event mentions of one staged batch of documents: (mentions file, documents read)."""
    docs = pl.read_parquet(document_part)
    mentions, errors = extract_with_errors(docs)
    out = document_part.replace(".parquet", ".mentions.parquet")
    mentions.write_parquet(out)
    errors.write_parquet(document_part.replace(".parquet", ".errors.parquet"))
    return out, docs.height


def _warm_worker() -> None:
    warm_up()  # load and validate the lexicons, compile the patterns once per worker process


@task
def extract(document_part: str) -> tuple[str, int]:
    """One batch as one task: how batches run on a Dask cluster."""
    return extract_part(document_part)


@task(cache_policy=_CACHE_WITHOUT_PROGRESS)
def extract_here(parts: list[str], workers: int, total: int | None = None,
                 progress: Progress | None = None) -> list[tuple[str, int]]:
    """All batches on this machine's cores. Worker processes import only the transforms
    (not Prefect), so a pool costs about a second; one batch runs in this process."""
    if len(parts) <= 1 or workers <= 1:
        done = []
        for p in parts:
            done.append(extract_part(p))
            _report(progress, done[-1][1], "extracted", total)
        return done
    results: dict[str, tuple[str, int]] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_warm_worker) as pool:
        futures = {pool.submit(extract_part, p): p for p in parts}
        for f in as_completed(futures):
            results[futures[f]] = f.result()
            _report(progress, results[futures[f]][1], "extracted", total)
    return [results[p] for p in parts]


@task(retries=2, retry_delay_seconds=[1, 5])
def load(warehouse: str, run: RunRecord, staged: Staged, mention_parts: list[tuple[str, int]],
         harvest: feed_inputs.Harvest | None = None) -> dict:
    wp = wh.paths(warehouse)
    con = wh.connect_private(wp)
    try:
        paths = [p for p, _ in mention_parts]
        errors = [Path(p.replace(".mentions.parquet", ".errors.parquet")) for p in paths]
        counts = wh.load_run(con, asdict(run), [Path(p) for p in staged.new_documents], [Path(p) for p in paths],
                             [Path(p) for p in staged.rejected], staged.reextract_ids, errors, staged.files_read,
                             assign=assign_events if in_prefect_run() else assign_events.fn)
        if harvest is not None:
            # After the run's commit: lost in a crash, the next run just fetches the feeds in full.
            feed_inputs.record(con, harvest)
        return {**counts, **run_breakdown(con, run.run_id, staged.reextract_ids)}
    finally:
        con.close()


def run_breakdown(con, run_id: str, reextracted: list[str]) -> dict:
    """This run's mentions by event type (the documents it loaded or re-extracted), with the
    denied ones apart: they are stored in `mentions` but belong to no event and no view."""
    rows = con.execute(
        """select m.event_type, count(*) filter (where m.status <> 'denied'), count(distinct em.event_id),
                  count(*) filter (where m.status = 'denied')
           from mentions m left join event_members em using (mention_id)
           where m.doc_id in (select doc_id from documents where loaded_run_id = $run
                              union all select unnest($ids::varchar[]))
           group by 1 order by 1""", {"run": run_id, "ids": reextracted}).fetchall()
    return {"mentions_by_type": [{"event_type": t, "mentions": n, "events": e} for t, n, e, _ in rows if n],
            "mentions_denied": sum(d for *_, d in rows)}


@task(retries=2, retry_delay_seconds=[1, 5])
def publish(warehouse: str) -> str:
    wp = wh.paths(warehouse)
    con = wh.connect_private(wp)
    try:
        return str(wh.publish(con, wp))
    finally:
        con.close()


@flow(name="waqai-run", log_prints=False)
def waqai_run(inputs: list[str] | None = None, warehouse: str = str(wh.DEFAULT_WAREHOUSE), batch_size: int = 500,
              max_bytes: int = DEFAULT_MAX_BYTES, workers: int = 0, on_cluster: bool = False,
              progress: object = None, wait: float = 5.0) -> RunResult:
    """Ingest the inputs (files, folders, feed URLs, `.feeds` lists), extract event mentions,
    load them in one transaction, publish. One run at a time per warehouse: waits up to `wait`
    seconds for another run's lock (runlock.RunLocked if it is still held). `progress` is told
    of documents read and extracted as they go (a `Progress` callable; typed `object` here
    because a scheduled run validates the flow's parameters where module aliases do not
    resolve)."""
    inputs = [p if feed_inputs.is_url(p) else str(Path(p).resolve()) for p in (inputs or [SAMPLES_DIR])]
    with runlock.hold(warehouse, wh.new_run_id(), wait) as holder:
        staging = str(runlock.staging_for(warehouse, holder.run_id))
        try:
            return _run_held(holder.run_id, inputs, warehouse, staging, batch_size, max_bytes, workers, on_cluster, progress)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            _remove_if_empty(runlock.staging_root(warehouse))


def _run_held(run_id: str, inputs: list[str], warehouse: str, staging: str, batch_size: int, max_bytes: int,
              workers: int, on_cluster: bool, progress: Progress | None) -> RunResult:
    run = RunRecord(run_id=run_id, started_at=wh.utcnow(), inputs=inputs, version=extraction_version(),
                    flow_run_id=_flow_run_id())
    feeds = [p for p in inputs if feed_inputs.is_feed_input(p)]
    files = [p for p in inputs if p not in feeds]

    timings = {}
    harvest = None
    if feeds:
        with _timed(timings, "fetch"):
            harvest = call(fetch_feeds, feeds, warehouse, staging, run.run_id, max_bytes)
    with _timed(timings, "ingest"):
        stale = call(stage_stale, warehouse, staging, batch_size)
        staged = call(ingest, files, warehouse, staging, batch_size, max_bytes, progress,
                      fetched=harvest.documents if harvest else None)
        staged.reextract_ids, staged.reextract = stale.ids, stale.parts
        staged.docs_to_extract += len(stale.ids)
        if harvest:
            staged.rejected += harvest.rejected
    with _timed(timings, "extract"):
        parts = staged.new_documents + staged.reextract
        if on_cluster:
            mention_parts = extract_on_cluster(parts, staged.docs_to_extract, progress)
        else:
            mention_parts = call(extract_here, parts, workers or os.cpu_count() or 1, staged.docs_to_extract, progress)
    run.docs_seen = staged.docs_seen
    with _timed(timings, "load"):
        counts = call(load, warehouse, run, staged, mention_parts, harvest)
    with _timed(timings, "publish"):
        published = call(publish, warehouse)

    return RunResult(**counts, run_id=run.run_id, warehouse=published, docs_seen=staged.docs_seen,
                     files_unchanged=staged.files_unchanged, docs_skipped=staged.docs_seen - counts["docs_loaded"],
                     docs_extracted=sum(n for _, n in mention_parts), seconds=timings, mention_parts=len(mention_parts),
                     feeds_fetched=len(harvest.fetched_ok) if harvest else 0,
                     feeds_not_modified=harvest.not_modified if harvest else 0,
                     pages_fetched=harvest.pages_fetched if harvest else 0)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass


def extract_on_cluster(parts: list[str], total: int | None = None, progress: Progress | None = None) -> list[tuple[str, int]]:
    """One task per batch, submitted to the flow's task runner (a DaskTaskRunner: see
    `waqai run --dask-address`). The staging folder must be visible to the workers."""
    futures = [extract.submit(p) for p in parts]
    done = []
    for f in futures:
        done.append(f.result())
        _report(progress, done[-1][1], "extracted", total)
    return done


@contextmanager
def _timed(timings: dict, stage: str):
    t0 = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = round(time.perf_counter() - t0, 3)


def _flow_run_id() -> str | None:
    try:
        return str(get_run_context().flow_run.id)
    except Exception:  # outside a flow run (tests calling .fn)
        return None
