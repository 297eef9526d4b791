"""A folder of hostile inputs through the real flow: every file, record, link, pipe and
folder ends up either in `documents` or in `rejected_documents` with the right reason, and
the run succeeds. A rejected input fixed later loads, and its rejection goes."""
import codecs
import ctypes
import gzip
import json
import os
import socket
import threading
from contextlib import contextmanager

import duckdb

ARTICLE = "زار الرئيس الفرنسي إيمانويل ماكرون كازاخستان يوم الأربعاء في زيارة رسمية."
OTHER = "وصل وزير الخارجية التركي إلى الجزائر أمس في زيارة تستغرق يومين."
ENGLISH = ("French President Emmanuel Macron arrived in Astana on Wednesday for an official visit, "
           "the first by a French head of state in years, and the two leaders signed agreements on energy.")
FRENCH = ("Le président Emmanuel Macron est arrivé mercredi à Astana pour une visite officielle, "
          "la première depuis des années, et les deux dirigeants ont signé des accords sur l'énergie.")
HTML = ("<!DOCTYPE html><html><head><title>ماكرون في أستانا</title></head><body>"
        "<nav>الرئيسية | سياسة | اقتصاد | رياضة</nav><article><h1>ماكرون في أستانا</h1>"
        f"<p>{ARTICLE} وبحث الرئيسان التعاون في مجال الطاقة والمعادن الحيوية.</p>"
        "<p>وقال ماكرون إن فرنسا تريد تسريع التعاون مع كازاخستان في إطار زيارة تستمر يومين.</p></article>"
        "<footer>جميع الحقوق محفوظة © 2023</footer></body></html>")


def build(folder):
    """Write the hostile folder; return {path relative to the folder's parent: expected outcome}."""
    expect = {}
    top = folder.name

    def put(name, data, outcome):
        (folder / name).write_bytes(data)
        expect[f"{top}/{name}"] = outcome

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
    expect.update({f"{top}/{k}": v for k, v in {
        "dump.jsonl#r1": "loaded", "dump.jsonl#line-2": "bad_json", "dump.jsonl#line-3": "bad_json",
        "dump.jsonl#r4": "empty", "dump.jsonl#line-5": "undecodable", "dump.jsonl#r6": "loaded"}.items()})

    good = gzip.compress((json.dumps({"id": "g1", "text": OTHER + " الحادي"}, ensure_ascii=False) + "\n"
                          + json.dumps({"id": "g2", "text": ARTICLE + " الثاني عشر"}, ensure_ascii=False) + "\n").encode())
    (folder / "truncated.jsonl.gz").write_bytes(good[: len(good) - 12])
    expect[f"{top}/truncated.jsonl.gz#g1"] = "loaded"  # g2 may or may not survive the cut

    # Not Arabic: loaded, and flagged as such.
    put("english.txt", ENGLISH.encode("utf-8"), "loaded")
    put("french.txt", FRENCH.encode("utf-8"), "loaded")
    (folder / "english.meta.json").write_text(json.dumps({"language": "ar"}), encoding="utf-8")

    # What a walk meets besides files.
    def link(name, target, outcome):
        os.symlink(target, folder / name)
        expect[f"{top}/{name}"] = outcome

    link("to_nowhere.txt", "missing.txt", "broken_link")
    link("loop_a.txt", "loop_b.txt", "link_loop")
    link("loop_b.txt", "loop_a.txt", "link_loop")
    link("myself.txt", "myself.txt", "link_loop")
    (folder / "sub").mkdir()
    put("sub/nested.txt", f"خبر\n{OTHER} الثالث عشر".encode("utf-8"), "loaded")
    link("sub/up", "..", "link_loop")                      # a folder link back above itself
    link("null.txt", os.devnull, "special_file")           # a character device
    os.mkfifo(folder / "pipe.txt")                         # opening it would wait for a writer
    expect[f"{top}/pipe.txt"] = "special_file"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(folder / "sock.txt"))
    expect[f"{top}/sock.txt"] = "special_file"
    link("alias.txt", "utf8.txt", None)                    # a link to a file is that file: one input
    outside = folder.parent / "outside"
    outside.mkdir()
    (outside / "far.txt").write_text(f"خبر\n{ARTICLE} الرابع عشر", encoding="utf-8")
    link("elsewhere", str(outside), None)                  # a folder link is walked
    expect["outside/far.txt"] = "loaded"
    del expect[f"{top}/alias.txt"], expect[f"{top}/elsewhere"]

    # Unreadable: a folder that cannot be listed and a file that cannot be opened (see
    # no_read_override for root); the file inside the folder is never seen.
    (folder / "locked").mkdir()
    (folder / "locked" / "inside.txt").write_text(ARTICLE + " الخامس عشر", encoding="utf-8")
    (folder / "locked").chmod(0)
    expect[f"{top}/locked"] = "unreadable"
    put("locked_file.txt", f"خبر\n{OTHER} السادس عشر".encode("utf-8"), "unreadable")
    (folder / "locked_file.txt").chmod(0)
    return expect


@contextmanager
def no_read_override():
    """Root reads any file or folder through CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: take
    them out of this thread's effective capabilities (the flow runs in this thread), so that
    permissions apply as for any other user, and give them back after."""
    if os.geteuid() != 0:
        yield
        return

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]

    libc = ctypes.CDLL(None, use_errno=True)
    header, data = Header(0x20080522, 0), (Data * 2)()  # _LINUX_CAPABILITY_VERSION_3; pid 0: this thread
    assert libc.capget(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())
    saved = data[0].effective
    data[0].effective = saved & ~((1 << 1) | (1 << 2))
    assert libc.capset(ctypes.byref(header), data) == 0, os.strerror(ctypes.get_errno())
    try:
        yield
    finally:
        data[0].effective = saved
        libc.capset(ctypes.byref(header), data)


@contextmanager
def pipe_watchdog(fifo, seconds=120):
    """A pipe opened by mistake would wait forever for a writer: after `seconds` become that
    writer, so such a bug fails the test (the pipe reads as empty) instead of hanging it."""
    done = threading.Event()

    def unblock():
        if not done.wait(seconds):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass

    threading.Thread(target=unblock, daemon=True).start()
    try:
        yield
    finally:
        done.set()


def _outcomes(warehouse, base):
    """{path relative to base: 'loaded' or the reason} for every row of documents and rejected_documents."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        docs = {os.path.relpath(u, base): rest for u, *rest in con.execute(
            "select source_uri, encoding, format, published, meta_problem, language, declared_language from documents").fetchall()}
        rejected = {os.path.relpath(u, base): r for u, r in con.execute("select source_uri, reason from rejected_documents").fetchall()}
        status = {os.path.relpath(u, base): (s, r, d) for u, s, r, d in con.execute(
            "select source_uri, status, reason, detail from document_status").fetchall()}
        texts = [t for (t,) in con.execute("select text from documents").fetchall()]
    finally:
        con.close()
    return docs, rejected, status, texts



def test_every_hostile_input_is_accounted_for(prefect_harness, tmp_path):
    from waqai.flows.pipeline import waqai_run

    base = tmp_path.resolve()
    folder = base / "in"
    folder.mkdir()
    expect = build(folder)
    warehouse = base / "w.duckdb"
    try:
        with no_read_override(), pipe_watchdog(folder / "pipe.txt"):
            result = waqai_run(inputs=[str(folder)], warehouse=str(warehouse), max_bytes=5000)
    finally:
        (folder / "locked").chmod(0o755)
        (folder / "locked_file.txt").chmod(0o644)
    docs, rejected, status, texts = _outcomes(warehouse, base)

    got = {**{name: "loaded" for name in docs}, **rejected}
    for name, outcome in expect.items():
        assert got.get(name) == outcome, (name, got.get(name))
    assert not set(docs) & set(rejected)
    unexpected = set(got) - set(expect) - {"in/truncated.jsonl.gz#g2"}
    assert unexpected <= {n for n in got if n.startswith("in/truncated.jsonl.gz#line-")}, unexpected
    assert result["docs_rejected"] == len(rejected)
    assert set(status) == set(got)

    enc, fmt, pub, problem, lang, declared = range(6)
    assert docs["in/cp1256.txt"][enc] == "cp1256" and docs["in/iso8859_6.txt"][enc] == "iso8859_6"
    assert docs["in/utf16le_nobom.txt"][enc] == "utf_16_le"
    assert docs["in/page.html"][fmt] == "html"
    assert docs["in/broken_sidecar.txt"][problem] and "not valid JSON" in docs["in/broken_sidecar.txt"][problem]
    assert docs["in/bad_date.txt"][pub] is None and "not an ISO date" in docs["in/bad_date.txt"][problem]
    assert not any(ch in t for t in texts for ch in "\u200e\u200f\u202b\u202c")
    html_text = next(t for t in texts if "الطاقة والمعادن" in t)
    assert "جميع الحقوق محفوظة" not in html_text and "الرئيسية | سياسة" not in html_text

    # The sidecar claims Arabic; the text decides, and the claim is kept beside it.
    assert (docs["in/english.txt"][lang], docs["in/english.txt"][declared]) == ("en", "ar")
    assert docs["in/french.txt"][lang] == "und"
    assert {n for n, d in docs.items() if d[lang] != "ar"} == {"in/english.txt", "in/french.txt"}
    assert status["in/english.txt"] == ("loaded", None, "language en detected, not Arabic: no events extracted")
    assert status["in/french.txt"][2] == "language und detected, not Arabic: no events extracted"
    assert status["in/utf8.txt"][2] is None


def test_a_rejected_input_fixed_later_loads_and_its_rejection_goes(prefect_harness, tmp_path):
    from waqai.flows.pipeline import waqai_run

    base = tmp_path.resolve()
    folder = base / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "later.txt").write_bytes(b"")                              # empty for now
    (folder / "garbled.txt").write_bytes(b"\x00\x01\x02\x03" * 50)         # binary for now
    os.symlink(base / "target.txt", folder / "link.txt")                  # points to nothing yet
    (folder / "locked").mkdir()
    (folder / "locked" / "inside.txt").write_text(OTHER, encoding="utf-8")
    (folder / "locked").chmod(0)
    warehouse = base / "w.duckdb"
    try:
        with no_read_override():
            waqai_run(inputs=[str(folder)], warehouse=str(warehouse))
    finally:
        (folder / "locked").chmod(0o755)
    docs, rejected, *_ = _outcomes(warehouse, base)
    assert set(docs) == {"in/good.txt"}
    assert rejected == {"in/later.txt": "empty", "in/garbled.txt": "binary", "in/link.txt": "broken_link",
                        "in/locked": "unreadable"}

    # Fixed: text written, the link's target created, the folder readable (chmod above).
    (folder / "later.txt").write_text(f"خبر\n{OTHER} لاحقا", encoding="utf-8")
    (folder / "garbled.txt").write_text(f"خبر\n{ARTICLE} مصححا", encoding="utf-8")
    (base / "target.txt").write_text(f"خبر\n{ARTICLE} عبر الرابط", encoding="utf-8")
    result = waqai_run(inputs=[str(folder)], warehouse=str(warehouse))
    docs, rejected, status, _ = _outcomes(warehouse, base)
    assert rejected == {}
    assert set(docs) == {"in/good.txt", "in/later.txt", "in/garbled.txt", "target.txt", "in/locked/inside.txt"}
    assert result["docs_rejected"] == 0 and result["docs_loaded"] == 4
    assert {s for s, *_ in status.values()} == {"loaded"}
