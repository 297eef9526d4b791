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
    reasons = dict(zip([u.rsplit("/", 1)[1] for u in rejected["source_uri"]], rejected["reason"]))
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
