"""The DuckDB warehouse: a private read-write file and a published read-only copy.

DuckDB lets one process write a file or many read it, never both: a dashboard holding a
read-only connection makes the pipeline's write fail, and a writer locks every reader out.
So the pipeline owns `.NAME.rw` (nobody else opens it) and, after each run commits, publishes
a complete copy to NAME by atomic rename (a standby copy brought up to date with what changed,
then hard-linked as NAME: see publish). Readers of NAME always see the last complete run;
open connections keep reading the old copy until they reconnect. The published file is
written with STORAGE_VERSION 'v1.0.0', without keys or indexes, so dashboards embedding
DuckDB 1.0 or later can open it (see publish).

Publishing lives in publish.py, the schema and views in warehouse_schema.py, read-only
access in readonly.py; the names callers use stay importable from here.
"""
from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from waqai.flows.publish import PUBLISHED_STORAGE_VERSION, _published_state, _restore_private, state_fingerprint
from waqai.flows.warehouse_schema import SQL_DIR, apply_schema, utcnow

# The warehouse's interface stays here whichever module holds the code: callers (cli, pipeline,
# feeds, runlock, export, tests) import these as `warehouse.NAME`.
from waqai.flows.publish import publish  # noqa: F401
from waqai.flows.readonly import connect_readonly, readonly_refusal  # noqa: F401
from waqai.flows.warehouse_schema import create_views, view_files  # noqa: F401

DEFAULT_WAREHOUSE = Path("warehouse") / "waqai.duckdb"


@dataclass(frozen=True)
class WarehousePaths:
    published: Path

    @property
    def private(self) -> Path:
        return self.published.with_name(f".{self.published.name}.rw")

    @property
    def staging(self) -> Path:
        return self.published.with_name(f".{self.published.name}.staging")


def paths(warehouse: str | os.PathLike) -> WarehousePaths:
    return WarehousePaths(Path(warehouse).resolve())


def new_run_id() -> str:
    return f"r_{utcnow():%Y%m%dT%H%M%S}_{uuid.uuid4().hex[:6]}"


def connect_private(wp: WarehousePaths) -> duckdb.DuckDBPyConnection:
    """Open the private file; recover it from the published copy if it was lost."""
    wp.published.parent.mkdir(parents=True, exist_ok=True)
    if not wp.private.exists() and wp.published.exists():
        _restore_private(wp)
    con = duckdb.connect(str(wp.private), config={"storage_compatibility_version": PUBLISHED_STORAGE_VERSION})
    apply_schema(con)
    return con


def input_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime_ns) of the input files earlier runs read completely."""
    return {p: (s, m) for p, s, m in con.execute("select path, size_bytes, mtime_ns from input_files").fetchall()}


def stored_holders(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> dict[str, str]:
    """doc_id -> source_uri of those of `doc_ids` already stored."""
    if not doc_ids:
        return {}
    return dict(con.execute("select d.doc_id, d.source_uri from documents d "
                            "join (select unnest(?::varchar[]) as doc_id) b using (doc_id)", [doc_ids]).fetchall())


def stage_stale_documents(con: duckdb.DuckDBPyConnection, version: str, folder: Path, batch_size: int) -> tuple[list[str], list[str]]:
    """Write stored documents whose mentions came from another extraction version to Parquet
    batches, straight from DuckDB (their texts never gather in Python): (ids, batch files)."""
    ids = [r[0] for r in con.execute("select doc_id from documents where extraction_version <> ? order by doc_id",
                                     [version]).fetchall()]
    parts = []
    for j in range(0, len(ids), batch_size):
        part = folder / f"reextract-{j // batch_size:05d}.parquet"
        con.sql("select doc_id, text, published from documents where doc_id in (select unnest($ids)) order by doc_id",
                params={"ids": ids[j:j + batch_size]}).write_parquet(str(part))
        parts.append(str(part))
    return ids, parts


def load_run(con: duckdb.DuckDBPyConnection, run: dict, documents: list[Path], mentions: list[Path],
             rejected: list[Path], reextracted: list[str], errors: list[Path] = (), files: list[dict] = (),
             assign=None) -> dict:
    """Write one run in one transaction: new documents, their mentions, re-extracted
    mentions, rejected inputs and the run row. All or nothing. `assign(con, run_id)` gives new
    mentions their events inside the transaction (default assign_events_in_db; the flow
    passes it as its own task)."""
    con.execute("begin transaction")
    try:
        con.execute(
            "insert into run_log (run_id, started_at, status, inputs, extraction_version, flow_run_id) values (?, ?, 'running', ?, ?, ?)",
            [run["run_id"], run["started_at"], json.dumps(run["inputs"], ensure_ascii=False), run["version"], run.get("flow_run_id")])
        loaded = 0
        if documents:
            con.execute(
                f"""insert into documents by name
                    select * exclude (rn), $run as loaded_run_id, $v as extraction_version
                    from (select *, row_number() over (partition by doc_id order by source_uri) as rn
                          from read_parquet({_list(documents)}, union_by_name = true))
                    where rn = 1
                    on conflict do nothing""",
                {"run": run["run_id"], "v": run["version"]})
            loaded = con.execute("select count(*) from documents where loaded_run_id = ?", [run["run_id"]]).fetchone()[0]
        if reextracted:
            con.execute("create or replace temp table _reextract (doc_id varchar)")
            con.executemany("insert into _reextract values (?)", [[d] for d in reextracted])
            con.execute("delete from mentions where doc_id in (select doc_id from _reextract)")
            con.execute("delete from extraction_errors where doc_id in (select doc_id from _reextract)")
            con.execute("update documents set extraction_version = ? where doc_id in (select doc_id from _reextract)", [run["version"]])
        mentions_loaded = 0
        if mentions:
            before = con.execute("select count(*) from mentions").fetchone()[0]
            con.execute(f"""insert into mentions by name
                            select * from read_parquet({_list(mentions)}, union_by_name = true)
                            qualify row_number() over (partition by mention_id order by doc_id) = 1
                            on conflict do nothing""")
            mentions_loaded = con.execute("select count(*) from mentions").fetchone()[0] - before
        if errors:
            con.execute(f"""insert into extraction_errors
                            select doc_id, $run, $v, any_value(error) from read_parquet({_list(list(errors))})
                            group by doc_id on conflict do nothing""", {"run": run["run_id"], "v": run["version"]})
        rejected_count = _account_rejections(con, run, rejected, files)
        for f in files:
            # Recorded with the run, so a crash before the commit forgets them too.
            con.execute("insert or replace into input_files values (?, ?, ?, ?)",
                        [f["path"], f["size_bytes"], f["mtime_ns"], run["run_id"]])
        counts = {"docs_loaded": loaded, "docs_reextracted": len(reextracted), "mentions_loaded": mentions_loaded,
                  "docs_rejected": rejected_count, **(assign or assign_events_in_db)(con, run["run_id"])}
        con.execute(
            """update run_log set finished_at = ?, status = 'succeeded', docs_seen = ?, docs_loaded = ?, docs_skipped = ?,
                   docs_reextracted = ?, docs_rejected = ?, mentions_loaded = ? where run_id = ?""",
            [utcnow(), run["docs_seen"], loaded, run["docs_seen"] - loaded, len(reextracted), rejected_count,
             mentions_loaded, run["run_id"]])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("checkpoint")
    return counts


# Inputs examined again on every run (never recorded in input_files): their rejection goes
# when a run no longer finds the problem.
_REEXAMINED_REASONS = ("broken_link", "link_loop", "special_file", "unreadable")


def _account_rejections(con: duckdb.DuckDBPyConnection, run: dict, rejected: list[Path], files) -> int:
    """A rejection says how an input was found the last time it was read. Older rejections
    of the files this run read again (a changed file, its JSONL lines) and of links, pipes and
    folders under this run's inputs are replaced by this run's findings, and a path that now
    holds a stored document is no longer rejected. Returns the inputs rejected by this run."""
    con.execute("create or replace temp table _run_rejected (source_uri varchar, reason varchar, detail varchar)")
    if rejected:
        con.execute(f"""insert into _run_rejected select source_uri, reason, detail from read_parquet({_list(rejected)})
                        qualify row_number() over (partition by source_uri order by reason) = 1""")
    con.execute(
        """delete from rejected_documents
           where exists (select 1 from unnest($reread::varchar[]) t(p)
                         where rejected_documents.source_uri = t.p or starts_with(rejected_documents.source_uri, t.p || '#'))
              or (reason in (select unnest($reexamined::varchar[]))
                  and exists (select 1 from unnest($inputs::varchar[]) i(p)
                              where rejected_documents.source_uri = i.p or starts_with(rejected_documents.source_uri, i.p || '/'))
                  and source_uri not in (select source_uri from _run_rejected))""",
        {"reread": [f["path"] for f in files], "reexamined": list(_REEXAMINED_REASONS),
         "inputs": [str(i) for i in run.get("inputs") or []]})
    # The first run that rejected a path stays; reason and detail are the latest finding.
    con.execute("""insert into rejected_documents
                   select source_uri, reason, detail, $run from _run_rejected
                   where source_uri not in (select source_uri from documents)
                   on conflict (source_uri) do update set reason = excluded.reason, detail = excluded.detail""",
                {"run": run["run_id"]})
    con.execute("delete from rejected_documents where source_uri in (select source_uri from documents)")
    count = con.execute("select count(*) from _run_rejected").fetchone()[0]
    con.execute("drop table _run_rejected")
    return count


_MENTION_KEYS = """m.mention_id, m.doc_id, m.event_type, m.actor_code, m.target_code, m.date_value, m.date_precision,
                   d.published, m.status, m.actor_person, m.date_basis, m.stay_days, m.trigger, m.sentence_index,
                   m.rule_id, m.actor_text,
                   -- the words between a mention's actor and its trigger (dedup: is the actor the traveller?)
                   case when m.actor_end <= m.trigger_start
                        then substr(m.sentence, m.actor_end - m.sentence_start + 1, m.trigger_start - m.actor_end)
                        else substr(m.sentence, m.trigger_end - m.sentence_start + 1, m.actor_start - m.trigger_end)
                   end as actor_link,
                   substr(m.sentence, greatest(1, m.actor_start - m.sentence_start - 23), least(24, m.actor_start - m.sentence_start)) as actor_before"""


def assign_events_in_db(con: duckdb.DuckDBPyConnection, run_id: str) -> dict:
    """Give every new mention its canonical event (transforms/dedup.py), inside the run's
    transaction. Only events of the (type, actor, target) pairs that received mentions are read.
    Members keep the reason they joined; a merge moves the members of the merged event and is
    recorded with its rule and evidence (earlier merges into it point on to the survivor)."""
    from waqai.transforms.dedup import assign_events

    con.execute("delete from event_members where mention_id not in (select mention_id from mentions where status <> 'denied')")
    new = con.sql(f"""select {_MENTION_KEYS} from mentions m join documents d using (doc_id)
                      where m.status <> 'denied' and m.mention_id not in (select mention_id from event_members)""").pl()
    if new.height == 0:
        return {"events_assigned": 0, "events_merged": 0}
    con.register("_new_keys", new.select("event_type", "actor_code", "target_code").unique())
    existing = con.sql(f"""select {_MENTION_KEYS}, em.event_id, em.join_reason, em.join_evidence from event_members em
                           join mentions m using (mention_id) join documents d using (doc_id)
                           join _new_keys k on k.event_type = m.event_type and k.actor_code = m.actor_code
                                           and k.target_code = m.target_code""").pl()
    con.unregister("_new_keys")
    assignments, merges = assign_events(existing, new)
    con.register("_assignments", assignments)
    con.execute("""insert or replace into event_members (mention_id, event_id, run_id, join_reason, join_evidence)
                   select mention_id, event_id, $run, join_reason, join_evidence from _assignments""", {"run": run_id})
    con.unregister("_assignments")
    if merges.height:
        con.register("_merges", merges)
        con.execute("""insert into event_merges (merged_event_id, into_event_id, run_id, rule_id, evidence)
                       select merged_event_id, into_event_id, $run, rule_id, evidence from _merges on conflict do nothing""",
                    {"run": run_id})
        # Earlier merges into an event merged now point on to where it went.
        con.execute("""update event_merges set into_event_id = m.into_event_id from _merges m
                       where event_merges.into_event_id = m.merged_event_id""")
        con.unregister("_merges")
    return {"events_assigned": assignments.height, "events_merged": merges.height}


def _list(files: list[Path]) -> str:
    # Paths are our own staging files, never user input; quoted as SQL string literals.
    return "[" + ", ".join("'" + str(f).replace("'", "''") + "'" for f in files) + "]"


def nothing_new(inputs: list[str], warehouse: str | os.PathLike, run_id: str) -> dict | None:
    """What a run would report when it has nothing to do, found without starting the flow (and
    so without Prefect's temporary API, most of a no-op run's time); None when a run is needed.

    Nothing to do means: the published file shows the private file's state (same fingerprint,
    see publish), no stored document waits for re-extraction, and every input is a regular
    file an earlier run read completely and that has the same size and modification time since
    (input_files). Feed URLs, folders holding links, pipes or unreadable entries (examined again
    by every run), a schema migration not yet applied: all go to the flow. The caller holds the
    run lock, so the private file is not being written."""
    from waqai.transforms.extract import extraction_version
    from waqai.transforms.ingest import discover

    wp = paths(warehouse)
    if any("://" in str(p) or str(p).endswith(".feeds") for p in inputs) or not wp.private.exists():
        return None
    if _published_state(wp) is None:
        return None
    try:
        con = duckdb.connect(str(wp.private), read_only=True)
    except duckdb.Error:
        return None
    try:
        done = {r[0] for r in con.execute("select name from schema_migrations").fetchall()}
        if any(ddl.name not in done for ddl in (SQL_DIR / "ddl").glob("*.sql")):
            return None
        if state_fingerprint(con) != _published_state(wp):
            return None
        if con.execute("select count(*) from documents where extraction_version <> ?", [extraction_version()]).fetchone()[0]:
            return None
        seen = input_files(con)
        unchanged = 0
        for f in discover(inputs):
            if not f.is_file():
                return None
            st = f.stat()
            if seen.get(str(f.resolve())) != (st.st_size, st.st_mtime_ns):
                return None
            unchanged += 1
    except (duckdb.Error, OSError):
        return None
    finally:
        con.close()
    return {"run_id": run_id, "warehouse": str(wp.published), "files_unchanged": unchanged, "docs_seen": 0,
            "docs_loaded": 0, "docs_skipped": 0, "docs_reextracted": 0, "docs_rejected": 0, "mentions_loaded": 0,
            "mentions_by_type": [], "mentions_denied": 0, "seconds": {}, "nothing_new": True}
