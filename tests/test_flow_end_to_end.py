"""The real Prefect flow on real files into a real DuckDB file."""
import duckdb

from conftest import DEV_DOCS, DEV_GOLD, SAMPLES, load_scorer, need

TABLES = ("documents", "mentions", "rejected_documents")


def rows(path, sql, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_dev_set_scores_above_the_first_bar(dev_warehouse):
    scorer = load_scorer()
    import json

    gold = [json.loads(line) for line in need(DEV_GOLD).read_text(encoding="utf-8").splitlines() if line.strip()]
    con = duckdb.connect(str(dev_warehouse), read_only=True)
    preds = [dict(zip(["source_uri", "event_type", "actor_code", "target_code", "event_date", "date_precision", "event_id"], r, strict=True))
             for r in con.execute("select source_uri, event_type, actor_code, target_code, event_date, date_precision, event_id from event_mentions").fetchall()]
    con.close()
    result = scorer.score(gold, preds)
    assert result["micro"]["f1"] >= 0.6, result
    assert result["dates"]["invented"] == 0, result["date_errors"]


def test_macron_visit_to_kazakhstan_is_dated_from_the_text(dev_warehouse):
    got = rows(dev_warehouse, """select event_date::varchar, date_precision from event_mentions
                                 where source_uri like '%004_896bdb552a880830.txt' and event_type = 'visit'
                                   and actor_code = 'FRA' and target_code = 'KAZ' and event_date is not null""")
    assert ("2023-11-01", "day") in got


def test_travel_to_two_countries_yields_two_visits_in_the_iso_week(dev_warehouse):
    got = rows(dev_warehouse, """select target_code, date_value from event_mentions
                                 where source_uri like '%000_032a4522a321b3f9.txt' and event_type = 'visit' and actor_code = 'FRA'
                                 order by 1""")
    assert ("KAZ", "2023-W44") in got and ("UZB", "2023-W44") in got


def test_every_mention_points_back_to_its_sentence(dev_warehouse):
    for doc_text, sentence, s_start, t_start, t_end, trigger, a_start, a_end, actor_text in rows(dev_warehouse, """
            select d.text, m.sentence, m.sentence_start, m.trigger_start, m.trigger_end, m.trigger,
                   m.actor_start, m.actor_end, m.actor_text
            from mentions m join documents d using (doc_id)"""):
        assert doc_text[s_start:s_start + len(sentence)] == sentence
        assert doc_text[t_start:t_end] == trigger
        assert doc_text[a_start:a_end] == actor_text


def test_publication_date_comes_from_metadata_not_the_page_header(dev_warehouse):
    assert rows(dev_warehouse, "select published::varchar from documents where source_uri like '%002_922539e796fe1fcd.txt'") == [("2015-11-20",)]


def test_running_twice_changes_no_table_but_runs(dev_warehouse):
    from waqai.flows.pipeline import waqai_run

    def snapshot():
        return {t: rows(dev_warehouse, f"select md5(string_agg(t::varchar, '|' order by t::varchar)), count(*) from {t} t") for t in TABLES}

    before = snapshot()
    result = waqai_run(inputs=[str(DEV_DOCS)], warehouse=str(dev_warehouse))
    # The five files are unchanged since the first run: not even read again.
    assert (result["files_unchanged"], result["docs_loaded"], result["mentions_loaded"]) == (5, 0, 0)
    assert snapshot() == before
    assert rows(dev_warehouse, "select count(*), count(*) filter (where status = 'succeeded') from runs") == [(2, 2)]


def test_shipped_samples_load_and_yield_their_events(samples_warehouse):
    scorer = load_scorer()
    import json

    gold = [json.loads(line) for line in (SAMPLES / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    con = duckdb.connect(str(samples_warehouse), read_only=True)
    preds = [dict(zip(["source_uri", "event_type", "actor_code", "target_code", "event_date", "date_precision"], r, strict=True))
             for r in con.execute("select source_uri, event_type, actor_code, target_code, event_date, date_precision from event_mentions").fetchall()]
    n_docs = con.execute("select count(*) from documents").fetchone()[0]
    n_rejected = con.execute("select count(*) from rejected_documents").fetchone()[0]
    con.close()
    assert (n_docs, n_rejected) == (14, 0)
    result = scorer.score(gold, preds)
    assert result["micro"]["f1"] >= 0.6, result
    no_event_doc = [p for p in preds if "sample_05" in p["source_uri"]]
    assert no_event_doc == []


def test_an_input_file_is_read_again_when_it_changes(prefect_harness, tmp_path):
    import os

    from waqai.flows.pipeline import waqai_run

    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text("زار الرئيس الفرنسي كازاخستان.", encoding="utf-8")
    warehouse = str(tmp_path / "w.duckdb")
    assert waqai_run(inputs=[str(folder)], warehouse=warehouse)["docs_loaded"] == 1
    assert waqai_run(inputs=[str(folder)], warehouse=warehouse)["files_unchanged"] == 1
    article.write_text("زار الرئيس الفرنسي أوزبكستان.", encoding="utf-8")
    os.utime(article, ns=(article.stat().st_atime_ns, article.stat().st_mtime_ns + 1_000_000))
    again = waqai_run(inputs=[str(folder)], warehouse=warehouse)
    assert (again["files_unchanged"], again["docs_loaded"]) == (0, 1)


def test_a_rule_change_re_extracts_stored_texts_without_the_source_files(prefect_harness, tmp_path):
    import shutil

    from waqai.flows import warehouse as wh
    from waqai.flows.pipeline import waqai_run

    folder = tmp_path / "in"
    shutil.copytree(need(DEV_DOCS), folder)
    warehouse = tmp_path / "w.duckdb"
    waqai_run(inputs=[str(folder)], warehouse=str(warehouse))
    before = rows(warehouse, "select mention_id from mentions order by 1")
    shutil.rmtree(folder)  # the raw texts are in the warehouse
    folder.mkdir()
    con = wh.connect_private(wh.paths(warehouse))
    con.execute("update documents set extraction_version = 'an-older-version'")
    con.close()
    result = waqai_run(inputs=[str(folder)], warehouse=str(warehouse), batch_size=2)
    assert result["docs_reextracted"] == 5
    assert rows(warehouse, "select mention_id from mentions order by 1") == before
    assert rows(warehouse, "select count(*) from documents where extraction_version = 'an-older-version'") == [(0,)]
