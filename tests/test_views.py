"""The views as dashboards see them: documented, flat types, read-only connections."""
import shutil

import duckdb
import pytest
import sqlalchemy as sa
import yaml
from sqlalchemy.pool import NullPool

from conftest import DEV_DOCS, need
from waqai.flows import warehouse as wh

VIEWS = [f.stem for f in wh.view_files()]
FLAT = {"VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP"}


def test_every_view_has_a_header_comment_and_documented_columns(dev_warehouse):
    con = duckdb.connect(str(dev_warehouse), read_only=True)
    try:
        for view in VIEWS:
            sql = (wh.SQL_DIR / "views" / f"{view}.sql").read_text(encoding="utf-8")
            assert sql.startswith(f"-- {view}:"), f"{view}.sql needs a header comment naming the view"
            (comment,) = con.execute("select comment from duckdb_views() where view_name = ?", [view]).fetchone()
            assert comment, view
            cols = con.execute("select column_name, comment from duckdb_columns() where table_name = ?", [view]).fetchall()
            undocumented = [c for c, text in cols if not text]
            assert not undocumented, (view, undocumented)
            doc = yaml.safe_load((wh.SQL_DIR / "views" / f"{view}.yml").read_text(encoding="utf-8"))
            assert list(doc["columns"]) == [c for c, _ in cols], f"{view}.yml lists other columns than the view has"
    finally:
        con.close()


def test_views_have_only_flat_types(dev_warehouse):
    con = duckdb.connect(str(dev_warehouse), read_only=True)
    try:
        rows = con.execute(f"select table_name, column_name, data_type from duckdb_columns() "
                           f"where table_name in ({', '.join('?' * len(VIEWS))})", VIEWS).fetchall()
    finally:
        con.close()
    odd = [(t, c, ty) for t, c, ty in rows if ty not in FLAT]
    assert not odd


def test_a_dashboard_client_reflects_every_view_read_only(dev_warehouse, tmp_path):
    copy = tmp_path / "dash.duckdb"
    shutil.copyfile(dev_warehouse, copy)
    engine = sa.create_engine(f"duckdb:///{copy}?access_mode=read_only", poolclass=NullPool)
    inspector = sa.inspect(engine)
    names = set(inspector.get_view_names())
    assert set(VIEWS) <= names
    for view in VIEWS:
        types = {c["name"]: type(c["type"]).__name__ for c in inspector.get_columns(view)}
        assert "NullType" not in types.values(), (view, types)
        assert "HugeInteger" not in types.values(), (view, types)
    with engine.connect() as conn:
        n = conn.execute(sa.text("select count(*) from events")).scalar()
        assert n > 0
        with pytest.raises(Exception, match="read-only"):
            conn.execute(sa.text("create table x (a int)"))


def test_event_ids_survive_an_incremental_run(prefect_harness, tmp_path):
    need(DEV_DOCS)
    from waqai.flows.pipeline import waqai_run

    first = tmp_path / "first"
    first.mkdir()
    for name in ("000_032a4522a321b3f9", "001_11b1233b9b668000"):
        for ext in (".txt", ".meta.json"):
            shutil.copyfile(DEV_DOCS / f"{name}{ext}", first / f"{name}{ext}")
    warehouse = tmp_path / "w.duckdb"
    waqai_run(inputs=[str(first)], warehouse=str(warehouse))

    def ids():
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return dict(con.execute("select mention_id, event_id from event_mentions").fetchall())
        finally:
            con.close()

    before = ids()
    waqai_run(inputs=[str(DEV_DOCS)], warehouse=str(warehouse))
    after = ids()
    con = duckdb.connect(str(warehouse), read_only=True)
    merged = dict(con.execute("select merged_event_id, into_event_id from event_merges").fetchall())
    con.close()
    for mention, event in before.items():
        assert after[mention] == merged.get(event, event), "a bookmarked event id was renumbered"
