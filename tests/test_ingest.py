"""Ingest: every input becomes a document or a rejected row with its reason."""
import datetime as dt
import gzip
import json

import polars as pl

from waqai.transforms.ingest import discover, document_id, read_batches

ARTICLE = "زار الرئيس الفرنسي كازاخستان يوم الأربعاء."


def _read(tmp_path):
    batches = list(read_batches(discover([tmp_path]), batch_size=2))
    docs = pl.concat([b.documents for b in batches])
    rejected = pl.concat([b.rejected for b in batches])
    return docs, rejected


def test_txt_with_sidecar_takes_metadata_from_the_sidecar(tmp_path):
    (tmp_path / "a.txt").write_text("التحديث الأخير 2025\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"published": "2015-11-20", "source": "X", "title": "T"}), encoding="utf-8")
    docs, rejected = _read(tmp_path)
    row = docs.row(0, named=True)
    assert row["published"] == dt.date(2015, 11, 20)
    assert (row["source"], row["title"], row["meta_problem"]) == ("X", "T", None)
    assert row["source_uri"].endswith("a.txt")
    assert rejected.height == 0


def test_txt_without_sidecar_has_unknown_publication_date_and_first_line_title(tmp_path):
    (tmp_path / "b.txt").write_text("عنوان الخبر\n\n" + ARTICLE, encoding="utf-8")
    row = _read(tmp_path)[0].row(0, named=True)
    assert row["published"] is None and row["title"] == "عنوان الخبر"


def test_broken_sidecar_keeps_the_document_and_records_the_problem(tmp_path):
    (tmp_path / "c.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "c.meta.json").write_text("{not json", encoding="utf-8")
    row = _read(tmp_path)[0].row(0, named=True)
    assert row["published"] is None and "not valid JSON" in row["meta_problem"]


def test_jsonl_gz_records_get_path_hash_id_uris(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "ant:X-1", "text": ARTICLE, "published": "2018-03-01", "source": "S"}, ensure_ascii=False) + "\n")
        fh.write("{broken\n")
        fh.write(json.dumps({"id": "ant:X-2", "text": "   "}) + "\n")
    docs, rejected = _read(tmp_path)
    assert docs["source_uri"].to_list() == [f"{path.resolve()}#ant:X-1"]
    assert sorted(rejected["reason"].to_list()) == ["bad_json", "empty"]


def test_bad_files_are_rejected_with_a_reason_and_do_not_stop_the_others(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "noise.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    docs, rejected = _read(tmp_path)
    assert docs.height == 1
    reasons = dict(zip([u.rsplit("/", 1)[1] for u in rejected["source_uri"]], rejected["reason"], strict=True))
    assert reasons == {"empty.txt": "empty", "binary.txt": "binary", "noise.txt": "binary", "image.png": "unsupported_type"}


def test_utf16_and_bom_files_decode(tmp_path):
    (tmp_path / "u16.txt").write_bytes(ARTICLE.encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ("عنوان\n" + ARTICLE).encode("utf-8"))
    docs, _ = _read(tmp_path)
    assert docs.height == 2 and all(t.endswith(ARTICLE) for t in docs["text"])


def test_document_id_depends_on_content_only(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "x" / "two.txt").write_text(ARTICLE, encoding="utf-8")
    docs, _ = _read(tmp_path)
    assert set(docs["doc_id"]) == {document_id(ARTICLE)}


# The language of a text, from its letters: (text, language).
LANGUAGE_CASES = [
    (ARTICLE, "ar"),
    ("أعلنت وزارة الدفاع عن صفقة لشراء طائرات F-16 من شركة Lockheed Martin الأمريكية بقيمة 3 مليارات دولار.", "ar"),
    ("French President Emmanuel Macron arrived in Astana on Wednesday for an official visit.", "en"),
    ("Le président Emmanuel Macron est arrivé mercredi à Astana pour une visite officielle.", "und"),
    ("Президент Франции Эмманюэль Макрон прибыл в Астану с официальным визитом.", "und"),
    ("2023-11-04 12:00 — 15 %", "und"),
]


def test_the_language_is_read_from_the_share_of_arabic_letters():
    from waqai.transforms.ingest import detect_language

    for text, language in LANGUAGE_CASES:
        assert detect_language(text) == language, text


def test_a_document_stores_the_detected_language_and_keeps_the_declared_one(tmp_path):
    (tmp_path / "e.txt").write_text(LANGUAGE_CASES[2][0], encoding="utf-8")
    (tmp_path / "e.meta.json").write_text(json.dumps({"language": "ar"}), encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    docs, _ = _read(tmp_path)
    got = {u.rsplit("/", 1)[1]: (lang, declared) for u, lang, declared in
           docs.select("source_uri", "language", "declared_language").iter_rows()}
    assert got == {"e.txt": ("en", "ar"), "a.txt": ("ar", None)}


def test_a_pipe_is_rejected_without_being_opened(tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would wait for a writer forever
    docs, rejected = _read(tmp_path)
    assert docs.height == 0
    assert rejected.rows() == [(str(tmp_path.resolve() / "pipe.txt"), "special_file", "named pipe (FIFO): not opened")]


def test_a_file_that_vanishes_after_the_walk_is_rejected_as_unreadable(tmp_path):
    (tmp_path / "gone.txt").write_text(ARTICLE, encoding="utf-8")
    found = discover([tmp_path])
    (tmp_path / "gone.txt").unlink()
    rejected = pl.concat([b.rejected for b in read_batches(found)])
    assert found == [tmp_path / "gone.txt"]
    assert rejected["reason"].to_list() == ["unreadable"] and "vanished" in rejected["detail"][0]


def test_every_reject_reason_is_documented_in_the_readme_the_view_and_the_ddl():
    import re
    from pathlib import Path

    import yaml

    from waqai.transforms.ingest import REJECT_REASONS

    repo = Path(__file__).resolve().parent.parent
    readme = (repo / "README.md").read_text(encoding="utf-8")
    messy = readme[readme.index("### Messy input"):readme.index("- **Encodings and HTML**")]
    view_doc = yaml.safe_load((repo / "sql/views/document_status.yml").read_text(encoding="utf-8"))["columns"]["reason"]
    ddl = (repo / "sql/ddl/007_input_accounting.sql").read_text(encoding="utf-8")
    for reason in REJECT_REASONS:
        assert f"`{reason}`" in messy, reason
        assert reason in view_doc, reason
        assert reason in ddl, reason
    listed = set(re.findall(r"`([a-z_]+)`", messy.split("Links to files")[0])) - {"documents", "rejected_documents"}
    assert listed == set(REJECT_REASONS)
