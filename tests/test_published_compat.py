"""The published warehouse opens and answers queries in every DuckDB from 1.0, not only in the
DuckDB that wrote it (2.0): dashboards embed whatever version they were built with.

Two things in a straight copy of the private file broke older readers, so the published copy
leaves them out (flows/publish.py publish):
- any index, a PRIMARY KEY included: DuckDB 1.0 cannot read one written by 2.0
  ("Serialization Error ... field id: 103");
- an index's dependency on its table, stored with the catalog name it was written under: 1.1
  refuses to open the file under any other name ("Cross catalog dependencies are not
  supported").
Every view and its COMMENT ON docs stay. Old DuckDBs run in their own virtual environments,
made once per version and kept in the pytest cache."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from waqai.flows import warehouse as wh

pytestmark = pytest.mark.slow

OLD_DUCKDBS = ["1.0.0", "1.1.3", "1.2.2"]

# Run by an old DuckDB: open read-only, count every view and a few tables, report as JSON.
PROBE = r"""
import json, sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
views = [r[0] for r in con.execute("select view_name from duckdb_views() where not internal order by 1").fetchall()]
counts = {name: con.execute(f'select count(*) from "{name}"').fetchall()[0][0]
          for name in views + ["documents", "mentions", "event_members", "schema_migrations"]}
documented = con.execute("select count(*) from duckdb_columns() where comment is not null").fetchall()[0][0]
print(json.dumps({"version": duckdb.__version__, "views": views, "counts": counts, "documented": documented}))
"""


def old_duckdb_python(version: str, cache_root: Path) -> Path:
    """A Python with duckdb==version installed, made once and reused by later runs."""
    venv = cache_root / f"duckdb-{version}"
    python = venv / "bin" / "python"
    done = venv / ".installed"
    if done.exists():
        return python
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    pip = subprocess.run([str(python), "-m", "pip", "install", "-q", f"duckdb=={version}"],
                         capture_output=True, text=True, timeout=600)
    if pip.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        pytest.skip(f"pip could not install duckdb=={version} (no registry access?): {pip.stderr.strip()[-300:]}")
    done.touch()
    return python


def probe(python: Path, database: Path) -> dict:
    out = subprocess.run([str(python), "-c", PROBE, str(database)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def in_current_duckdb(database: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(database), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def published(samples_warehouse, tmp_path_factory) -> Path:
    """A copy of the published samples warehouse under a name of its own: a file copied or
    renamed by its user must open just the same."""
    copy = tmp_path_factory.mktemp("compat") / "renamed_by_user.duckdb"
    shutil.copyfile(samples_warehouse, copy)
    return copy


@pytest.mark.parametrize("version", OLD_DUCKDBS)
def test_an_older_duckdb_opens_the_published_file_and_queries_every_view(version, published, samples_warehouse, request):
    python = old_duckdb_python(version, Path(request.config.cache.mkdir("old_duckdb_venvs")))
    seen = probe(python, published)
    assert seen["version"] == version
    assert seen["views"] == sorted(v.stem for v in wh.view_files())
    # The same answers as the DuckDB that wrote the file.
    for name, count in seen["counts"].items():
        assert [(count,)] == in_current_duckdb(samples_warehouse, f'select count(*) from "{name}"'), name
    assert seen["counts"]["events"] > 0 and seen["counts"]["mentions"] > 0
    # The column docs (COMMENT ON) are readable too.
    assert [(seen["documented"],)] == in_current_duckdb(samples_warehouse, "select count(*) from duckdb_columns() where comment is not null")


def test_the_published_file_holds_no_index_key_or_dependency(published):
    assert in_current_duckdb(published, "select count(*) from duckdb_indexes()") == [(0,)]
    assert in_current_duckdb(published, "select count(*) from duckdb_constraints() "
                                        "where constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')") == [(0,)]
    assert in_current_duckdb(published, "select count(*) from duckdb_dependencies()") == [(0,)]
    assert in_current_duckdb(published, "select count(*) from duckdb_views() where sql ilike '%waqai_publish%'") == [(0,)]


def test_the_published_file_keeps_every_view_and_its_docs(published, samples_warehouse):
    """Views, their descriptions and column docs, and the tables' NOT NULL and defaults are
    those of the private file."""
    private = wh.paths(samples_warehouse).private
    docs = ("select table_name, column_name, comment from duckdb_columns() "
            "where comment is not null order by all")
    assert in_current_duckdb(published, docs) == in_current_duckdb(private, docs)
    assert len(in_current_duckdb(published, docs)) > 50
    views = "select view_name, comment from duckdb_views() where not internal order by all"
    assert in_current_duckdb(published, views) == in_current_duckdb(private, views)
    columns = ("select table_name, column_name, data_type, is_nullable, column_default from duckdb_columns() "
               "join duckdb_tables() using (database_name, schema_name, table_name) order by all")
    assert in_current_duckdb(published, columns) == in_current_duckdb(private, columns)


def test_a_lost_private_file_is_rebuilt_with_its_keys_and_rows_from_the_published_copy(published, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(published, warehouse)
    con = wh.connect_private(wh.paths(warehouse))
    try:
        keys = con.execute("select count(*) from duckdb_constraints() where constraint_type = 'PRIMARY KEY'").fetchone()[0]
        assert keys >= 8
        assert con.execute("select count(*) from duckdb_indexes()").fetchone()[0] >= 1
        for table in ("documents", "mentions", "event_members", "run_log", "input_files"):
            assert con.execute(f"select count(*) from {table}").fetchall() == \
                in_current_duckdb(published, f"select count(*) from {table}"), table
        # The keys work again: loading a stored document twice is refused, not duplicated.
        with pytest.raises(duckdb.ConstraintException):
            con.execute("insert into documents select * from documents limit 1")
    finally:
        con.close()
    assert not list(tmp_path.glob("*.restoring*"))


def test_a_published_copy_older_than_a_migration_is_migrated_when_restored(tmp_path):
    """The copy's schema as its own migrations made it, then the rows, then the migrations it
    predates: the rows go through those migrations as they did for the lost file."""
    older = tmp_path / "older.duckdb"
    con = duckdb.connect(str(older))
    con.execute("create table schema_migrations (name varchar primary key, applied_at timestamp not null)")
    con.execute(wh.SQL_DIR.joinpath("ddl", "001_core_tables.sql").read_text(encoding="utf-8"))
    con.execute("insert into schema_migrations values ('001_core_tables.sql', now()::timestamp)")
    con.execute("insert into rejected_documents by name select '/in/a.txt' as source_uri, 'empty' as reason, 'r_0' as run_id")
    con.close()
    warehouse = tmp_path / "w.duckdb"
    shutil.copyfile(older, warehouse)
    con = wh.connect_private(wh.paths(warehouse))
    try:
        assert con.execute("select source_uri from rejected_documents").fetchall() == [("/in/a.txt",)]
        applied = [r[0] for r in con.execute("select name from schema_migrations order by 1").fetchall()]
        assert applied == sorted(p.name for p in (wh.SQL_DIR / "ddl").glob("*.sql"))
    finally:
        con.close()
