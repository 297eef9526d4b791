"""Publishing: making the published file show the private one's state, at a cost that grows
with what changed (see publish), in a form DuckDB 1.0 and later can open.

The published copy has no keys or indexes (see _copy_full); _restore_private rebuilds a lost
private file from it, keys and indexes included.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from waqai.flows.warehouse_schema import SQL_DIR, _literal, _quote, _sql_str, apply_schema, create_views

if TYPE_CHECKING:
    from waqai.flows.warehouse import WarehousePaths

PUBLISHED_STORAGE_VERSION = "v1.0.0"


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
    if standby.exists():
        _settle(wp)
    if not (standby.exists() and _update_standby(con, standby)):
        _copy_full(con, standby)
    link = wp.published.with_name(f".{wp.published.name}.linking")
    link.unlink(missing_ok=True)
    os.link(standby, link)
    os.replace(link, wp.published)
    _record_published_state(wp, fingerprint)
    _seed_other_standby(wp, standby)
    return wp.published


def _seed_other_standby(wp: WarehousePaths, current: Path) -> None:
    """The first publish leaves one standby, so the next run would have to write the other in
    full (a re-encoding copy of the whole archive: the cost of publishing 200 new articles into
    a 10x archive went from ~1 s to ~6 s). A byte copy of the file just published, taken now,
    lets every later run update a standby in place."""
    for other in _standbys(wp):
        if other != current and not other.exists():
            tmp = other.with_name(other.name + ".seeding")
            shutil.copyfile(current, tmp)
            os.replace(tmp, other)
            marker = Path(str(current) + ".views")
            if marker.exists():
                Path(str(other) + ".views").write_text(marker.read_text(encoding="utf-8"), encoding="utf-8")


# How long after it stopped being the published file a standby is left alone: a reader that
# opened it just before takes its file lock a moment after opening, and only then does the lock
# check (_locked) see it. Runs are seldom this close; the wait costs nothing otherwise.
_SETTLE_SECONDS = 2.0


def _settle(wp: WarehousePaths) -> None:
    try:
        since = time.time() - _state_file(wp).stat().st_mtime  # rewritten at every re-link
    except OSError:
        return
    if 0 <= since < _SETTLE_SECONDS:
        time.sleep(_SETTLE_SECONDS - since)


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
