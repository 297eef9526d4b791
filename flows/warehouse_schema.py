"""The warehouse schema: DDL migrations applied once each, the views (re)created in dependency
order with their column docs, and quoting of our own names and texts into SQL."""
from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import duckdb

SQL_DIR = Path(str(resources.files("waqai.sql")))


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


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


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_str(p: Path) -> str:
    return str(p).replace("'", "''")
