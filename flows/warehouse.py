"""The DuckDB warehouse: a private read-write file and a published read-only copy.

DuckDB lets one process write a file or many read it, never both: a dashboard holding a
read-only connection makes the pipeline's write fail, and a writer locks every reader out.
So the pipeline owns `.NAME.rw` (nobody else opens it) and, after each run commits, publishes
a complete copy to NAME by atomic rename (a standby copy brought up to date with what changed,
then hard-linked as NAME: see publish). Readers of NAME always see the last complete run;
open connections keep reading the old copy until they reconnect. The published file is
written with STORAGE_VERSION 'v1.0.0', without keys or indexes, so dashboards embedding
DuckDB 1.0 or later can open it (see publish).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import uuid
from importlib import resources
from dataclasses import dataclass
from pathlib import Path

import duckdb

SQL_DIR = Path(str(resources.files("waqai.sql")))
PUBLISHED_STORAGE_VERSION = "v1.0.0"
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


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


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


def apply_schema(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply DDL files not yet recorded, then (re)create every view. Safe to run twice."""
    con.execute("create table if not exists schema_migrations (name varchar primary key, applied_at timestamp not null)")
    done = {r[0] for r in con.execute("select name from schema_migrations").fetchall()}
    applied = []
    for ddl in sorted((SQL_DIR / "ddl").glob("*.sql")):
        if ddl.name in done:
            continue
        con.execute("begin transaction")
        con.execute(ddl.read_text(encoding="utf-8"))
        con.execute("insert into schema_migrations values (?, ?)", [ddl.name, utcnow()])
        con.execute("commit")
        applied.append(ddl.name)
    create_views(con)
    return applied


def view_files() -> list[Path]:
    return sorted((SQL_DIR / "views").glob("*.sql"))


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every view, upstream views first, then document it with COMMENT ON from the
    YAML file beside it. A view whose upstream view is not there yet is retried after the
    others, so files need no numbering."""
    pending = view_files()
    # Views bind lazily: an older definition of an upstream view would make a new one fail to
    # bind, so all our views go first and come back in dependency order.
    for view in pending:
        con.execute(f"drop view if exists {view.stem}")
    while pending:
        failed: list[tuple[Path, Exception]] = []
        for view in pending:
            try:
                con.execute(view.read_text(encoding="utf-8"))
            except (duckdb.CatalogException, duckdb.BinderException) as exc:
                failed.append((view, exc))
        if len(failed) == len(pending):
            raise failed[0][1]
        pending = [f for f, _ in failed]
    for view in view_files():
        _comment(con, view.with_suffix(".yml"), view.stem)


def _comment(con: duckdb.DuckDBPyConnection, doc: Path, view: str) -> None:
    import yaml

    if not doc.exists():
        return
    spec = yaml.safe_load(doc.read_text(encoding="utf-8"))
    con.execute(f"comment on view {view} is {_literal(spec['description'])}")
    for column, text in spec.get("columns", {}).items():
        con.execute(f"comment on column {view}.{column} is {_literal(text)}")


def _literal(text: str) -> str:
    # Our own documentation strings, quoted as SQL literals (COMMENT ON takes no parameters).
    return "'" + str(text).replace("'", "''") + "'"


def input_files(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime_ns) of the input files earlier runs read completely."""
    return {p: (s, m) for p, s, m in con.execute("select path, size_bytes, mtime_ns from input_files").fetchall()}


def stored_documents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """doc_id -> source_uri of every stored document."""
    return dict(con.execute("select doc_id, source_uri from documents").fetchall())


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
                   d.published, m.status, m.actor_person"""


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


def publish(con: duckdb.DuckDBPyConnection, wp: WarehousePaths) -> Path:
    """Make the published file show the private one's current state, at a cost that grows with
    what changed, not with the warehouse.

    Two standby copies take turns (`.NAME.pub-a`, `.NAME.pub-b`); the published name is a hard
    link to one of them. A run brings the other one up to date in place and links the published
    name to it by atomic rename, so readers always open a complete file and keep the one they
    opened. Bringing a standby up to date (_update_standby) adds only the documents it lacks (the
    text of a doc_id never changes: the id is its hash) and rewrites the small tables. When the
    standby cannot be updated in place (a reader from two runs ago still has it open, it is
    missing or damaged, or the schema changed) it is rebuilt in full (_copy_full) aside and
    renamed into place, as every run did before.

    Nothing is written when the published file already shows this state: the fingerprint of
    the state last published is kept in `.NAME.published` with the inode it was published as.
    (A flow run always adds its row to `runs`, so it always publishes, cheaply; `waqai run`
    with nothing new does not start a run at all: see nothing_new.)"""
    fingerprint = state_fingerprint(con)
    if _published_state(wp) == fingerprint:
        return wp.published
    try:
        current = wp.published.stat().st_ino
    except FileNotFoundError:
        current = None
    standby = next(s for s in _standbys(wp) if not (s.exists() and s.stat().st_ino == current))
    if not (standby.exists() and _update_standby(con, standby)):
        _copy_full(con, standby)
    link = wp.published.with_name(f".{wp.published.name}.linking")
    link.unlink(missing_ok=True)
    os.link(standby, link)
    os.replace(link, wp.published)
    _record_published_state(wp, fingerprint)
    return wp.published


def _standbys(wp: WarehousePaths) -> list[Path]:
    return [wp.published.with_name(f".{wp.published.name}.pub-{x}") for x in "ab"]


def _state_file(wp: WarehousePaths) -> Path:
    return wp.published.with_name(f".{wp.published.name}.published")


def _published_state(wp: WarehousePaths) -> str | None:
    """The fingerprint of the state the published file holds, if known for this very file."""
    try:
        state = json.loads(_state_file(wp).read_text(encoding="utf-8"))
        return state["fingerprint"] if state["inode"] == wp.published.stat().st_ino else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _record_published_state(wp: WarehousePaths, fingerprint: str) -> None:
    tmp = _state_file(wp).with_name(_state_file(wp).name + ".tmp")
    tmp.write_text(json.dumps({"fingerprint": fingerprint, "inode": wp.published.stat().st_ino}), encoding="utf-8")
    os.replace(tmp, _state_file(wp))


def _layout(con: duckdb.DuckDBPyConnection, database: str) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type in con.execute(
            """select c.table_name, c.column_name, c.data_type from duckdb_columns() c
               join duckdb_tables() t using (database_name, schema_name, table_name)
               where c.database_name = ? and c.schema_name = 'main' and not t.temporary
               order by c.table_name, c.column_index""", [database]).fetchall():
        out.setdefault(table, []).append((column, data_type))
    return out


def _row_hash(columns: list[tuple[str, str]]) -> str:
    # `text` is left out: a document's text is fixed by its doc_id (the id is its hash).
    return "hash(" + ", ".join(_quote(c) for c, _ in columns if c != "text") + ")"


def state_fingerprint(con: duckdb.DuckDBPyConnection, database: str | None = None) -> str:
    """A digest of everything readers see: the tables' layout and rows (documents without their
    text) and the view definitions and docs this package ships.
    Costs a pass over the rows' small columns (a few ms per 10,000 documents)."""
    import hashlib

    database = database or con.execute("select current_database()").fetchone()[0]
    layout = _layout(con, database)
    digest = hashlib.sha256(json.dumps(layout, sort_keys=True).encode())
    for table, columns in sorted(layout.items()):
        row = con.execute(f"select count(*), bit_xor({_row_hash(columns)}) from {_quote(database)}.main.{_quote(table)}").fetchone()
        digest.update(f"{table}:{row[0]}:{row[1]};".encode())
    digest.update(_views_digest().encode())
    return digest.hexdigest()


def _update_standby(con: duckdb.DuckDBPyConnection, standby: Path) -> bool:
    """Bring an earlier published copy up to date in place, in one transaction. False when it
    cannot be (open elsewhere, damaged, another schema): the caller rebuilds it in full."""
    source = con.execute("select current_database()").fetchone()[0]
    if _locked(standby):
        return False  # a reader still has it open: it keeps that copy, we write a new one
    try:
        con.execute(f"attach '{_sql_str(standby)}' as waqai_publish")
    except duckdb.Error:
        return False  # locked after all, or not a DuckDB file
    try:
        layout = _layout(con, source)
        if _layout(con, "waqai_publish") != layout:
            return False
        con.execute("begin transaction")
        try:
            for table, columns in sorted(layout.items()):
                src, dst = f"{_quote(source)}.main.{_quote(table)}", f"waqai_publish.main.{_quote(table)}"
                if table == "documents":
                    # Rows whose small columns changed go and come back; new documents are added.
                    con.execute(f"""delete from {dst} where {_row_hash(columns)} not in
                                    (select {_row_hash(columns)} from {src})""")
                    con.execute(f"insert into {dst} select * from {src} where doc_id not in (select doc_id from {dst})")
                else:
                    con.execute(f"delete from {dst}")
                    con.execute(f"insert into {dst} select * from {src}")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        # Outside the transaction: create_views finds the order by retrying failed views, and
        # a failed statement would abort a transaction. Not published yet, so no reader sees it.
        # (DuckDB prints a view's SQL differently once read back from disk, so the view files'
        # digest, not the views, tells whether this copy has the current ones.)
        marker = Path(str(standby) + ".views")
        if not marker.exists() or marker.read_text(encoding="utf-8") != _views_digest():
            con.execute("use waqai_publish")
            try:
                create_views(con)
            finally:
                con.execute(f"use {_quote(source)}")
            marker.write_text(_views_digest(), encoding="utf-8")
        con.execute("checkpoint waqai_publish")
        return True
    except duckdb.Error:
        return False
    finally:
        con.execute("detach waqai_publish")


def _views_digest() -> str:
    import hashlib

    digest = hashlib.sha256()
    for f in sorted((SQL_DIR / "views").glob("*")):
        digest.update(f.name.encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def _locked(path: Path) -> bool:
    """Does any process hold a lock on this file (DuckDB locks every file it opens, read-only
    ones included)? /proc/locks also shows this process's own readers, which DuckDB's lock
    cannot refuse us; where it is missing, attaching tells (the lock of another process)."""
    try:
        st = path.stat()
        locks = Path("/proc/locks").read_text()
    except OSError:
        return False
    ident = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    return any(len(f) > 5 and f[5] == ident for f in (line.split() for line in locks.splitlines()))


def _copy_full(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Write a complete copy of the private database to `target` (aside, then renamed).

    The copy opens in DuckDB 1.0 and 1.1, not only 1.2+, because its tables keep their
    columns, types, NOT NULL, defaults, comments and rows but no PRIMARY KEY and no index:
    - DuckDB 2.0 writes an ART index (a primary key is one) in a form 1.0 cannot read back even
      at STORAGE_VERSION v1.0.0 ("Failed to deserialize ... field id: 103");
    - an index is stored with a dependency on its table that names the catalog it was written
      in, and 1.1 refuses to open the file under any other name ("Cross catalog dependencies
      are not supported"; fixed in 1.2 by duckdb PR #15767).
    With no index the file holds no dependency at all, so it opens under any name. Readers
    need neither keys nor indexes; the private file keeps both (_restore_private rebuilds
    them if the private file is lost). Views and their COMMENT ON docs are copied as they are.
    """
    tmp = target.with_name(target.name + ".publishing")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    source = con.execute("select current_database()").fetchone()[0]
    con.execute(f"attach '{_sql_str(tmp)}' as waqai_publish (storage_version '{PUBLISHED_STORAGE_VERSION}')")
    try:
        con.execute("begin transaction")
        try:
            # Schema first (views with their comments, tables with keys, indexes), then each
            # table swapped for a plain one holding the rows: views bind to tables by name when
            # queried, so they read the plain tables.
            con.execute(f'copy from database "{source}" to waqai_publish (schema)')
            _replace_tables_without_indexes(con, source, "waqai_publish")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    finally:
        con.execute("detach waqai_publish")
    Path(str(target) + ".wal").unlink(missing_ok=True)  # of an in-place update that was cut short
    os.replace(tmp, target)
    Path(str(target) + ".views").write_text(_views_digest(), encoding="utf-8")  # copied from the private file


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _replace_tables_without_indexes(con: duckdb.DuckDBPyConnection, source: str, target: str) -> None:
    """Replace every table of `target` copied from `source` by one with the same columns (types,
    NOT NULL, defaults, comments) and rows, and no key or index."""
    tables = con.execute("""select schema_name, table_name, comment from duckdb_tables()
                            where database_name = ? and not internal and not temporary
                            order by schema_name, table_name""", [source]).fetchall()
    columns: dict[tuple[str, str], list[tuple]] = {}
    for schema, table, column, data_type, nullable, default, comment in con.execute(
            """select c.schema_name, c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default, c.comment
               from duckdb_columns() c join duckdb_tables() t using (database_name, schema_name, table_name)
               where c.database_name = ? order by c.schema_name, c.table_name, c.column_index""", [source]).fetchall():
        columns.setdefault((schema, table), []).append((column, data_type, nullable, default, comment))
    for schema, table, comment in tables:
        src = f"{_quote(source)}.{_quote(schema)}.{_quote(table)}"
        dst = f"{_quote(target)}.{_quote(schema)}.{_quote(table)}"
        cols = columns[(schema, table)]
        # Our own schema's types and default expressions, as duckdb_columns() prints them.
        defs = ", ".join(
            f"{_quote(c)} {t}" + ("" if nullable else " not null") + ("" if d is None else f" default {d}")
            for c, t, nullable, d, _ in cols)
        con.execute(f"drop table {dst}")  # and its indexes with it
        con.execute(f"create table {dst} ({defs})")
        con.execute(f"insert into {dst} select * from {src}")
        if comment:
            con.execute(f"comment on table {dst} is {_literal(comment)}")
        for c, _, _, _, text in cols:
            if text:
                con.execute(f"comment on column {dst}.{_quote(c)} is {_literal(text)}")


def _restore_private(wp: WarehousePaths) -> None:
    """Rebuild a lost private file from the published copy, which has no keys or indexes (see
    publish): the schema as the copy's own migrations left it (keys and indexes included), the
    copy's rows, then any migration the copy predates, run on those rows as it would have been
    on the lost file. Built aside and renamed into place, so an interrupted restore is simply
    done again."""
    tmp = wp.private.with_name(wp.private.name + ".restoring")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp), config={"storage_compatibility_version": PUBLISHED_STORAGE_VERSION})
    try:
        con.execute(f"attach '{_sql_str(wp.published)}' as waqai_restore (read_only)")
        theirs = [r[0] for r in con.execute("""select table_name from duckdb_tables()
                                               where database_name = 'waqai_restore' and schema_name = 'main'""").fetchall()]
        done = set()
        if "schema_migrations" in theirs:
            done = {r[0] for r in con.execute("select name from waqai_restore.main.schema_migrations").fetchall()}
        con.execute("begin transaction")
        con.execute("create table schema_migrations (name varchar primary key, applied_at timestamp not null)")
        for ddl in sorted((SQL_DIR / "ddl").glob("*.sql")):
            if ddl.name in done:
                con.execute(ddl.read_text(encoding="utf-8"))
        ours = {r[0] for r in con.execute("""select table_name from duckdb_tables()
                                             where database_name = current_database() and schema_name = 'main'""").fetchall()}
        for table in theirs:
            if table in ours:
                con.execute(f"insert into {_quote(table)} by name select * from waqai_restore.main.{_quote(table)}")
        con.execute("commit")
        con.execute("detach waqai_restore")
        apply_schema(con)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(tmp, wp.private)


def _sql_str(p: Path) -> str:
    return str(p).replace("'", "''")


def connect_readonly(warehouse: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published file (what users and dashboards open) that
    cannot touch any other file: no COPY/EXPORT, no ATTACH (not even of the private `.rw`
    file), no INSTALL/LOAD, no read_csv/read_text/glob..., and no SET to undo any of it."""
    path = Path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `waqai run` first")
    # A private in-memory instance with the file attached, not duckdb.connect(path): DuckDB
    # shares one instance per path within a process, so locking it would also lock (and
    # clash with) every other connection to the file in this process.
    con = duckdb.connect(":memory:", config={
        "autoinstall_known_extensions": False, "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "python_enable_replacements": False,  # `from df` must not read the caller's Python variables
    })
    try:
        name = path.stem.replace('"', '""')
        con.execute(f"""attach '{_sql_str(path.resolve())}' as "{name}" (read_only)""")
        con.execute(f'use "{name}"')
        con.execute("detach memory")
        con.execute("set temp_directory = ''")  # never spill query state to disk
        con.execute("set enable_external_access = false")
        # enable_external_access still lets a query read the attached file itself (read_blob,
        # read_text, a second ATTACH); the open file handle keeps working without the file system.
        con.execute("set disabled_filesystems = 'LocalFileSystem'")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def readonly_refusal(exc: Exception, sql: str = "") -> str | None:
    """One line saying why a read-only connection refused SQL, or None for other errors."""
    message = str(exc)
    verbs = [st.split()[0].upper() for st in sql.split(";") if st.split()]

    def verb_among(wanted: set[str]) -> str | None:
        return next((v for v in verbs if v in wanted), None)

    if "read-only mode" in message:
        found = re.search(r'statement of type "(\w+)"', message)
        return f"refused: the warehouse is read-only ({found.group(1) if found else verbs[0] if verbs else 'write'})"
    if "configuration has been locked" in message:
        return f"refused: this connection's settings are locked ({verb_among({'SET', 'RESET', 'PRAGMA', 'CALL'}) or 'SET'})"
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in message \
            or "disabled through configuration" in message:
        function = re.search(r"\b(read_\w+|glob|sniff_csv|parquet_\w+|\w+_scan)\s*\(", sql, re.I)
        what = (verb_among({"COPY", "EXPORT", "IMPORT", "ATTACH", "INSTALL", "FORCE", "LOAD", "CREATE"})
                or (function.group(1) if function else "reading a file"))
        return f"refused: this connection is read-only and cannot touch files ({what})"
    return None


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
