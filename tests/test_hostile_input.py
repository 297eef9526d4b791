"""A folder of hostile inputs through the real flow: every file and record ends up either in
`documents` or in `rejected_documents` with the right reason, and the run succeeds."""
import codecs
import gzip
import json

import duckdb

ARTICLE = "زار الرئيس الفرنسي إيمانويل ماكرون كازاخستان يوم الأربعاء في زيارة رسمية."
OTHER = "وصل وزير الخارجية التركي إلى الجزائر أمس في زيارة تستغرق يومين."
HTML = ("<!DOCTYPE html><html><head><title>ماكرون في أستانا</title></head><body>"
        "<nav>الرئيسية | سياسة | اقتصاد | رياضة</nav><article><h1>ماكرون في أستانا</h1>"
        f"<p>{ARTICLE} وبحث الرئيسان التعاون في مجال الطاقة والمعادن الحيوية.</p>"
        "<p>وقال ماكرون إن فرنسا تريد تسريع التعاون مع كازاخستان في إطار زيارة تستمر يومين.</p></article>"
        "<footer>جميع الحقوق محفوظة © 2023</footer></body></html>")


def build(folder):
    """Write the hostile folder; return {source name: expected outcome}."""
    expect = {}

    def put(name, data, outcome):
        (folder / name).write_bytes(data)
        expect[name] = outcome

    put("utf8.txt", f"عنوان\n\n{ARTICLE}".encode("utf-8"), "loaded")
    put("utf8_bom.txt", codecs.BOM_UTF8 + f"خبر أول\n{OTHER}".encode("utf-8"), "loaded")
    put("utf16le_bom.txt", f"خبر\n{ARTICLE} الأول".encode("utf-16"), "loaded")
    put("utf16be_bom.txt", codecs.BOM_UTF16_BE + f"خبر\n{ARTICLE} الثاني".encode("utf-16-be"), "loaded")
    put("utf16le_nobom.txt", f"خبر عن الزيارة\n{ARTICLE} الثالث".encode("utf-16-le"), "loaded")
    put("cp1256.txt", f"خبر\n{ARTICLE} الرابع".encode("cp1256"), "loaded")
    put("iso8859_6.txt", f"خبر\n{OTHER} الخامس".replace("٥", "").encode("iso8859_6"), "loaded")
    put("page.html", HTML.encode("utf-8"), "loaded")
    put("bidi.txt", f"\u200f{ARTICLE}\u200e \u202bنص\u202c السادس".encode("utf-8"), "loaded")
    put("empty.txt", b"", "empty")
    put("blank.txt", b"   \n\t\n  ", "empty")
    put("binary.txt", b"\x00\x01\x02\x03" * 400, "binary")
    put("big.txt", ("كلمة " * 2000).encode("utf-8"), "too_large")
    put("nav_only.html", b"<html><body><nav>x</nav></body></html>", "no_article_text")
    put("report.pdf", b"%PDF-1.4 ...", "unsupported_type")
    put("utf8_copy.txt", f"عنوان\n\n{ARTICLE}".encode("utf-8"), "duplicate")
    put("broken_sidecar.txt", f"خبر\n{OTHER} السابع".encode("utf-8"), "loaded")
    (folder / "broken_sidecar.meta.json").write_text("{not json", encoding="utf-8")
    put("bad_date.txt", f"خبر\n{OTHER} الثامن".encode("utf-8"), "loaded")
    (folder / "bad_date.meta.json").write_text(json.dumps({"published": "yesterday", "url": "../../etc/passwd"}), encoding="utf-8")

    lines = [json.dumps({"id": "r1", "text": ARTICLE + " التاسع", "published": "2023-11-04"}, ensure_ascii=False).encode(),
             b"{broken json",
             b"[1, 2, 3]",
             json.dumps({"id": "r4", "text": "  "}).encode(),
             b'{"id": "r5", "text": "\xff\xfe bad utf-8"}',
             json.dumps({"id": "r6", "text": OTHER + " العاشر"}, ensure_ascii=False).encode()]
    (folder / "dump.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    expect.update({"dump.jsonl#r1": "loaded", "dump.jsonl#line-2": "bad_json", "dump.jsonl#line-3": "bad_json",
                   "dump.jsonl#r4": "empty", "dump.jsonl#line-5": "undecodable", "dump.jsonl#r6": "loaded"})

    good = gzip.compress((json.dumps({"id": "g1", "text": OTHER + " الحادي"}, ensure_ascii=False) + "\n"
                          + json.dumps({"id": "g2", "text": ARTICLE + " الثاني عشر"}, ensure_ascii=False) + "\n").encode())
    (folder / "truncated.jsonl.gz").write_bytes(good[: len(good) - 12])
    expect.update({"truncated.jsonl.gz#g1": "loaded"})  # g2 may or may not survive the cut
    return expect


def test_every_hostile_input_is_accounted_for(prefect_harness, tmp_path):
    from waqai.flows.pipeline import waqai_run

    folder = tmp_path / "in"
    folder.mkdir()
    expect = build(folder)
    warehouse = tmp_path / "w.duckdb"
    result = waqai_run(inputs=[str(folder)], warehouse=str(warehouse), max_bytes=5000)
    con = duckdb.connect(str(warehouse), read_only=True)
    docs = {u.rsplit("/", 1)[1]: (enc, fmt, pub, problem) for u, enc, fmt, pub, problem in
            con.execute("select source_uri, encoding, format, published, meta_problem from documents").fetchall()}
    rejected = {u.rsplit("/", 1)[1]: r for u, r in con.execute("select source_uri, reason from rejected_documents").fetchall()}
    texts = [t for (t,) in con.execute("select text from documents").fetchall()]
    con.close()

    got = {**{name: "loaded" for name in docs}, **rejected}
    for name, outcome in expect.items():
        assert got.get(name) == outcome, (name, got.get(name))
    assert not set(docs) & set(rejected)
    unexpected = set(got) - set(expect) - {"truncated.jsonl.gz#g2"}
    assert unexpected <= {n for n in got if n.startswith("truncated.jsonl.gz#line-")}, unexpected
    assert result["docs_rejected"] == len(rejected)

    assert docs["cp1256.txt"][0] == "cp1256" and docs["iso8859_6.txt"][0] == "iso8859_6"
    assert docs["utf16le_nobom.txt"][0] == "utf_16_le"
    assert docs["page.html"][1] == "html"
    assert docs["broken_sidecar.txt"][3] and "not valid JSON" in docs["broken_sidecar.txt"][3]
    assert docs["bad_date.txt"][2] is None and "not an ISO date" in docs["bad_date.txt"][3]
    assert not any(ch in t for t in texts for ch in "\u200e\u200f\u202b\u202c")
    html_text = next(t for t in texts if "الطاقة والمعادن" in t)
    assert "جميع الحقوق محفوظة" not in html_text and "الرئيسية | سياسة" not in html_text
