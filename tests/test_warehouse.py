"""The warehouse: DDL safe to run twice, one transaction per run, a published copy that
DuckDB 1.x can read and that readers open read-only."""
import datetime as dt

import duckdb
import polars as pl

from waqai.flows import warehouse as wh
from waqai.transforms.extract import extract_mentions
from waqai.transforms.ingest import DOCUMENT_SCHEMA, document_id

TEXT = "هذا الأسبوع، سافر الرئيس الفرنسي إيمانويل ماكرون إلى كازاخستان وأوزبكستان."


def _stage(tmp_path):
    docs = pl.DataFrame([{"doc_id": document_id(TEXT), "source_uri": "/x/a.txt", "title": None,
                          "published": dt.date(2023, 11, 4), "source": None, "url": None, "language": "ar",
                          "text": TEXT, "n_chars": len(TEXT), "meta_problem": None}], schema=DOCUMENT_SCHEMA)
    docs.write_parquet(tmp_path / "d.parquet")
    extract_mentions(docs).write_parquet(tmp_path / "m.parquet")
    return [tmp_path / "d.parquet"], [tmp_path / "m.parquet"]


def _run(n_docs=1):
    return {"run_id": wh.new_run_id(), "started_at": wh.utcnow(), "inputs": ["/x"], "version": "test",
            "docs_seen": n_docs}


def test_schema_can_be_applied_twice(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    assert wh.apply_schema(con) == sorted(p.name for p in (wh.SQL_DIR / "ddl").glob("*.sql"))
    assert wh.apply_schema(con) == []


def test_loading_the_same_batch_twice_changes_nothing(tmp_path):
    docs, mentions = _stage(tmp_path)
    wp = wh.paths(tmp_path / "w.duckdb")
    con = wh.connect_private(wp)
    first = wh.load_run(con, _run(), docs, mentions, [], [])
    second = wh.load_run(con, _run(), docs, mentions, [], [])
    assert first["docs_loaded"] == 1 and first["mentions_loaded"] == 2
    assert second["docs_loaded"] == 0 and second["mentions_loaded"] == 0
    assert con.execute("select count(*) from mentions").fetchone()[0] == 2


def test_a_failed_load_leaves_nothing_behind(tmp_path):
    docs, mentions = _stage(tmp_path)
    con = wh.connect_private(wh.paths(tmp_path / "w.duckdb"))
    try:
        wh.load_run(con, _run(), docs, [tmp_path / "missing.parquet"], [], [])
    except Exception:
        pass
    assert con.execute("select count(*) from documents").fetchone()[0] == 0
    assert con.execute("select count(*) from runs").fetchone()[0] == 0


def _published(tmp_path):
    """A warehouse with one loaded, published run: (private connection, paths)."""
    docs, mentions = _stage(tmp_path)
    wp = wh.paths(tmp_path / "w.duckdb")
    con = wh.connect_private(wp)
    wh.load_run(con, _run(), docs, mentions, [], [])
    wh.publish(con, wp)
    return con, wp


def test_published_copy_is_readable_read_only_in_v1_storage(tmp_path):
    con, wp = _published(tmp_path)
    con.close()
    ro = duckdb.connect(str(wp.published), read_only=True)
    rows = ro.execute("select event_type, actor_code, target_code, date_value from event_mentions order by target_code").fetchall()
    assert rows == [("visit", "FRA", "KAZ", "2023-W44"), ("visit", "FRA", "UZB", "2023-W44")]
    # DuckDB 1.x reads storage versions 64-67; the header sits at byte 8 of the second block.
    assert ro.execute("select count(*) from events").fetchone()[0] == 2
    ro.close()
    with open(wp.published, "rb") as fh:
        header = fh.read(64)
    assert header[8:12] == b"DUCK"
    version = int.from_bytes(header[12:20], "little")
    assert version <= 67, version


def test_a_reader_holding_the_published_file_does_not_block_the_next_publish(tmp_path):
    con, wp = _published(tmp_path)
    reader = duckdb.connect(str(wp.published), read_only=True)
    wh.publish(con, wp)  # would fail with a lock error if we wrote into the published file
    assert reader.execute("select count(*) from mentions").fetchone()[0] == 2
    reader.close()


def test_schema_upgrade_replaces_older_view_definitions(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    wh.apply_schema(con)
    # An older `events` without today's columns, as an earlier version would have left it.
    con.execute("create or replace view events as select event_id, event_type from event_members, mentions limit 0")
    wh.apply_schema(con)
    cols = [r[0] for r in con.execute("select column_name from duckdb_columns() where table_name = 'events'").fetchall()]
    assert "date_value" in cols


def _stage_texts(tmp_path, texts):
    rows = [{"doc_id": document_id(t), "source_uri": f"/x/{i}.txt", "title": None, "published": p, "source": None,
             "url": None, "language": "ar", "text": t, "n_chars": len(t), "meta_problem": None}
            for i, (t, p) in enumerate(texts)]
    docs = pl.DataFrame(rows, schema=DOCUMENT_SCHEMA)
    docs.write_parquet(tmp_path / "d.parquet")
    extract_mentions(docs).write_parquet(tmp_path / "m.parquet")
    return [tmp_path / "d.parquet"], [tmp_path / "m.parquet"]


def _events_of_pair(tmp_path, texts, actor: str, target: str) -> list[tuple]:
    """(event_date, n_documents) of the pair's events after loading `texts` into a new warehouse."""
    docs, mentions = _stage_texts(tmp_path, texts)
    con = wh.connect_private(wh.paths(tmp_path / "w.duckdb"))
    wh.load_run(con, _run(len(texts)), docs, mentions, [], [])
    return con.execute("select event_date, n_documents from events where actor_code = ? and target_code = ?",
                       [actor, target]).fetchall()


def test_an_event_is_dated_by_the_start_a_report_states_over_a_later_day_more_reports_give(tmp_path):
    # one report: "يبدأ ... الأحد زيارة تستمر يومين"; two others date the talks on Monday
    rows = _events_of_pair(tmp_path, [
        ("زيارة وزير. يبدأ وزير الخارجية البريطاني الأحد زيارة تستمر يومين إلى واشنطن.", dt.date(2018, 5, 5)),
        ("محادثات في واشنطن. التقى وزير الخارجية البريطاني نظيره الأمريكي في واشنطن الاثنين.", dt.date(2018, 5, 7)),
        ("لقاء الوزيرين. اجتمع وزير الخارجية البريطاني مع نظيره الأمريكي في واشنطن الاثنين.", dt.date(2018, 5, 7)),
    ], "GBR", "USA")
    assert rows == [(dt.date(2018, 5, 6), 3)]


def test_an_arrival_days_before_the_meeting_more_reports_give_dates_the_event(tmp_path):
    # one report: "وصل ... الجمعة إلى الولايات المتحدة"; two others date the White House talks
    # four days later: the visit began with the arrival
    rows = _events_of_pair(tmp_path, [
        ("وصول أمير قطر. وصل أمير قطر الشيخ تميم بن حمد الجمعة إلى الولايات المتحدة في زيارة تستمر أسبوعا.", dt.date(2018, 4, 6)),
        ("محادثات في واشنطن. التقى أمير قطر الرئيس الأمريكي في واشنطن الثلاثاء.", dt.date(2018, 4, 10)),
        ("لقاء الزعيمين. اجتمع أمير قطر مع الرئيس الأمريكي في واشنطن الثلاثاء.", dt.date(2018, 4, 10)),
    ], "QAT", "USA")
    assert rows == [(dt.date(2018, 4, 6), 3)]
