"""What an analyst's connection can and cannot do.

`waqai sql`, `waqai explain` and the dashboard open the published warehouse read-only, with
external file access off and the configuration locked: a query can read the warehouse and
nothing else, and can change no file, not even the pipeline's private `.NAME.rw` beside it.
Every escape below is tried for real on a warehouse built by the real flow, through the
command line and through the dashboard's query function, and the files are compared after.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from waqai.flows.cli import app
from waqai.flows.warehouse import connect_readonly, paths

runner = CliRunner()

FILES = "refused: this connection is read-only and cannot touch files"
LOCKED = "refused: this connection's settings are locked"
READ_ONLY = "refused: the warehouse is read-only"

# (what an analyst might try, the one line `waqai sql` answers with). {out} is a folder
# outside the warehouse's, {rw} the private file, {published} the published one.
ESCAPES = [
    # writing files
    ("copy events to '{out}/events.csv'", f"{FILES} (COPY)"),
    ("copy (select text from documents) to '{out}/texts.parquet' (format parquet)", f"{FILES} (COPY)"),
    ("export database '{out}/dump'", f"{FILES} (EXPORT)"),
    ("select 1; copy (select 1) to '{out}/second.csv'", f"{FILES} (COPY)"),
    # other databases, the pipeline's own file first
    ("attach '{rw}' as p (read_write)", f"{FILES} (ATTACH)"),
    ("attach '{rw}' as p", f"{FILES} (ATTACH)"),
    ("attach '{published}' as again", f"{FILES} (ATTACH)"),
    ("attach '{out}/new.duckdb' as n", f"{FILES} (ATTACH)"),
    # extensions (httpfs would reach the network)
    ("install httpfs", f"{FILES} (INSTALL)"),
    ("load httpfs", f"{FILES} (LOAD)"),
    # reading files, including the warehouse's own bytes
    ("select * from read_csv('/etc/passwd')", f"{FILES} (read_csv)"),
    ("select * from read_text('/etc/hostname')", f"{FILES} (read_text)"),
    ("select count(*) from read_blob('{published}')", f"{FILES} (read_blob)"),
    ("select * from read_parquet('{out}/any.parquet')", f"{FILES} (read_parquet)"),
    ("select * from read_json_auto('{out}/any.json')", f"{FILES} (read_json_auto)"),
    ("select * from glob('{dir}/*')", f"{FILES} (glob)"),
    # undoing the lock
    ("set enable_external_access = true", f"{LOCKED} (SET)"),
    ("set lock_configuration = false", f"{LOCKED} (SET)"),
    ("reset enable_external_access", f"{LOCKED} (RESET)"),
    ("set autoload_known_extensions = true", f"{LOCKED} (SET)"),
    ("set temp_directory = '{out}/spill'", f"{LOCKED} (SET)"),
    ("pragma enable_profiling", f"{LOCKED} (PRAGMA)"),
    # changing the warehouse
    ("insert into documents select * from documents", f"{READ_ONLY} (INSERT)"),
    ("delete from mentions", f"{READ_ONLY} (DELETE)"),
    ("drop view events", f"{READ_ONLY} (DROP)"),
    ("create table notes (a int)", f"{READ_ONLY} (CREATE)"),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def warehouse(samples_warehouse, tmp_path_factory):
    """The samples warehouse, the fingerprints of its two files, and an empty outside folder."""
    wp = paths(samples_warehouse)
    out = tmp_path_factory.mktemp("outside")
    before = {"published": _digest(wp.published), "private": _digest(wp.private),
              "listing": sorted(p.name for p in wp.published.parent.iterdir())}
    yield {"published": wp.published, "rw": wp.private, "dir": wp.published.parent, "out": out}
    assert _digest(wp.published) == before["published"], "the published file changed"
    assert _digest(wp.private) == before["private"], "the private .rw file changed"
    assert sorted(p.name for p in wp.published.parent.iterdir()) == before["listing"]
    assert list(out.iterdir()) == [], "a query wrote a file"


def _fill(sql: str, w: dict) -> str:
    return sql.format(**{k: str(v) for k, v in w.items()})


@pytest.mark.parametrize("sql, answer", ESCAPES, ids=[s for s, _ in ESCAPES])
def test_waqai_sql_refuses_with_one_line_and_exit_1(warehouse, sql, answer):
    result = runner.invoke(app, ["sql", "-w", str(warehouse["published"]), _fill(sql, warehouse)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"waqai: {answer}"]
    assert list(warehouse["out"].iterdir()) == []


@pytest.mark.parametrize("sql, _answer", ESCAPES, ids=[s for s, _ in ESCAPES])
def test_dashboard_query_refuses_the_same(warehouse, sql, _answer):
    from waqai.flows.dashboard import query

    with pytest.raises(duckdb.Error):
        # A version nobody else uses: the cache never answers for the connection.
        query(str(warehouse["published"]), -1.0, _fill(sql, warehouse))
    assert list(warehouse["out"].iterdir()) == []


def test_reading_the_warehouse_still_works_everywhere(warehouse):
    from waqai.flows.dashboard import query

    frame = query(str(warehouse["published"]), -2.0, "select count(*) as n from events where event_type = ?", ("visit",))
    assert frame["n"][0] > 0
    result = runner.invoke(app, ["sql", "-w", str(warehouse["published"]), "-f", "json",
                                 "select count(*) as n, current_database() as db from documents"])
    assert result.exit_code == 0, result.output
    # The database keeps the file's name, as `duckdb -readonly FILE` would call it.
    assert f'"db": "{warehouse["published"].stem}"' in result.stdout


def test_scratch_work_in_memory_is_allowed(warehouse):
    """Temporary tables live in memory and touch no file, so an analyst keeps them."""
    con = connect_readonly(warehouse["published"])
    try:
        con.execute("create temp table mine as select event_id from events")
        assert con.execute("select count(*) from mine").fetchone()[0] > 0
    finally:
        con.close()


def test_locked_connections_live_beside_plain_ones_in_one_process(warehouse):
    """DuckDB shares one instance per file path within a process; a locked connection must
    neither lock nor clash with another connection to the same file (the dashboard serves
    several sessions from threads of one process)."""
    first = connect_readonly(warehouse["published"])
    second = connect_readonly(warehouse["published"])
    plain = duckdb.connect(str(warehouse["published"]), read_only=True)
    try:
        n = first.execute("select count(*) from documents").fetchone()[0]
        assert second.execute("select count(*) from documents").fetchone()[0] == n
        assert plain.execute("select count(*) from documents").fetchone()[0] == n
    finally:
        for con in (first, second, plain):
            con.close()
