"""Publishing costs what changed: two standby copies take turns, the published name is a hard
link to the current one, a run brings the other up to date in place (new documents added, small
tables rewritten) and a run that changed nothing writes nothing (flows/publish.py publish).
These tests drive publish on a real private DuckDB file, with real Arabic text."""
import duckdb

from waqai.flows import warehouse as wh

TEXT = "زار الرئيس الفرنسي برلين يوم الثلاثاء {}"


def _add(con, i, version="v1"):
    con.execute("""insert into documents (doc_id, source_uri, text, n_chars, loaded_run_id, extraction_version)
                   values (?, ?, ?, ?, 'r_test', ?)""", [f"d_{i:04d}", f"/in/{i}.txt", TEXT.format(i), 30, version])


def _published_rows(wp, sql):
    con = duckdb.connect(str(wp.published), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_run_that_changed_nothing_leaves_the_published_file_alone(tmp_path):
    wp = wh.paths(tmp_path / "w.duckdb")
    con = wh.connect_private(wp)
    _add(con, 1)
    wh.publish(con, wp)
    before = wp.published.stat()
    wh.publish(con, wp)
    after = wp.published.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    con.close()


def test_standbys_take_turns_and_are_updated_in_place(tmp_path):
    wp = wh.paths(tmp_path / "w.duckdb")
    con = wh.connect_private(wp)
    inodes = []
    for i in range(4):
        _add(con, i)
        wh.publish(con, wp)
        inodes.append(wp.published.stat().st_ino)
        assert _published_rows(wp, "select count(*) from documents") == [(i + 1,)]
    # a, b, then a and b again: the third and fourth runs reused the files they found.
    assert inodes[0] == inodes[2] and inodes[1] == inodes[3] and inodes[0] != inodes[1]
    # A changed small column (re-extraction stamps a new version) reaches readers; texts stay.
    con.execute("update documents set extraction_version = 'v2' where doc_id = 'd_0001'")
    wh.publish(con, wp)
    assert _published_rows(wp, "select doc_id, extraction_version, text from documents order by doc_id")[:2] == [
        ("d_0000", "v1", TEXT.format(0)), ("d_0001", "v2", TEXT.format(1))]
    con.close()


def test_the_first_publish_seeds_both_standbys_so_the_second_run_updates_in_place(tmp_path, monkeypatch):
    from waqai.flows import publish as pub

    wp = wh.paths(tmp_path / "w.duckdb")
    con = wh.connect_private(wp)
    _add(con, 0)
    wh.publish(con, wp)
    assert all(s.exists() for s in pub._standbys(wp))
    full_copies = []
    real_copy = pub._copy_full
    monkeypatch.setattr(pub, "_copy_full", lambda c, t: (full_copies.append(t), real_copy(c, t)))
    _add(con, 1)
    wh.publish(con, wp)
    assert full_copies == []
    assert _published_rows(wp, "select count(*) from documents") == [(2,)]
    con.close()


def test_a_reader_keeps_the_copy_it_opened_while_later_runs_publish(tmp_path):
    """The standby a reader still holds is rebuilt aside and renamed, never written under it."""
    wp = wh.paths(tmp_path / "w.duckdb")
    con = wh.connect_private(wp)
    _add(con, 0)
    wh.publish(con, wp)
    reader = duckdb.connect(str(wp.published), read_only=True)
    for i in range(1, 4):
        _add(con, i)
        wh.publish(con, wp)
    assert reader.execute("select count(*) from documents").fetchone()[0] == 1
    reader.close()
    assert _published_rows(wp, "select count(*) from documents") == [(4,)]
    con.close()


def test_nothing_new_answers_without_a_run_only_when_the_inputs_are_unchanged(tmp_path):
    wp = wh.paths(tmp_path / "w.duckdb")
    folder = tmp_path / "in"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(TEXT.format(1), encoding="utf-8")
    con = wh.connect_private(wp)
    st = article.stat()
    con.execute("insert into input_files values (?, ?, ?, 'r_test')", [str(article.resolve()), st.st_size, st.st_mtime_ns])
    wh.publish(con, wp)
    con.close()
    quiet = wh.nothing_new([str(folder)], wp.published, "skipped")
    assert quiet is not None and quiet["files_unchanged"] == 1 and quiet["docs_loaded"] == 0
    (folder / "b.txt").write_text(TEXT.format(2), encoding="utf-8")
    assert wh.nothing_new([str(folder)], wp.published, "skipped") is None
