"""Ingest: turn files into document rows, and account for every input.

Accepted inputs, found by walking folders recursively:
  NAME.txt        one article; optional sidecar NAME.meta.json (published, source, url, title, language)
  NAME.html/.htm  one web page: the article text is extracted (boilerplate removed); same sidecar
  NAME.jsonl[.gz] one article per line (id, text, title, published, url, source), streamed

Text files may be UTF-8 (with or without BOM), UTF-16 (LE/BE, with or without BOM),
windows-1256 or ISO-8859-6: a BOM decides, else strict UTF-8, else charset-normalizer among
those encodings. Bidi control marks are removed from the stored text.

Every input ends up as a document row or a rejected row with a reason (REJECT_REASONS);
nothing is dropped silently and one bad file never stops the others. That includes what a
folder walk meets besides files: links to nothing, link loops, named pipes, sockets and
devices (never opened, so a pipe cannot block the run) and folders that cannot be listed.
Hidden entries (a name starting with ".", such as a warehouse's own staging folder) and
sidecars (read with their document) are the only things passed over on purpose.
The language of each text is detected from its letters (detect_language); a non-Arabic text
is stored and flagged, and the metadata's declared language is kept beside the detected one. Metadata wins over dates printed in the
text (a page's "last updated" header is not a publication date). A document's id is a hash
of its text, so the same article reached through two paths is one document.
"""
from __future__ import annotations

import codecs
import datetime as dt
import errno
import re
import gzip
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import polars as pl

from waqai.transforms.normalize import strip_bidi

DOCUMENT_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String, "source_uri": pl.String, "title": pl.String, "published": pl.Date,
    "source": pl.String, "url": pl.String, "language": pl.String, "text": pl.String,
    "n_chars": pl.Int64, "meta_problem": pl.String, "encoding": pl.String, "format": pl.String,
    "declared_language": pl.String,
}
REJECTED_SCHEMA: dict[str, pl.DataType] = {"source_uri": pl.String, "reason": pl.String, "detail": pl.String}

SIDECAR_SUFFIX = ".meta.json"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MIN_ARTICLE_CHARS = 25  # what is left of a page after boilerplate removal, below which it had no article
# Legacy encodings of Arabic web text that charset-normalizer chooses among.
CANDIDATE_ENCODINGS = ["cp1256", "iso8859_6", "utf_16_le", "utf_16_be"]
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")

# Why an input did not become a document. The same list is in the README ("Messy input"),
# sql/views/document_status.yml and sql/ddl/007_input_accounting.sql (a test keeps them equal).
REJECT_REASONS: dict[str, str] = {
    "unsupported_type": "not .txt, .html/.htm, .jsonl or .jsonl.gz",
    "empty": "no text (an empty file, only whitespace, or a JSONL record without text)",
    "binary": "control or NUL bytes: not a text file",
    "too_large": "over --max-bytes",
    "undecodable": "not text in an accepted encoding",
    "no_article_text": "an HTML page with nothing but navigation",
    "bad_json": "a JSONL line that is not a JSON object",
    "truncated": "a cut-off .jsonl.gz (the records before the cut are kept)",
    "duplicate": "the same text as a document stored under another path",
    "broken_link": "a symbolic link to nothing",
    "link_loop": "a symbolic link that leads back to itself or to a folder above it",
    "special_file": "a named pipe (FIFO), socket or device: never opened",
    "unreadable": "a file or folder the operating system refuses to read or list, or that vanished while being read",
}

# A text is Arabic when at least this share of its letters is Arabic script. Measured on
# the two corpora (47,868 articles): Arabic news has 83-100 % Arabic letters, Arabic pages
# polluted with CSS and scripts 23-40 %; a list of English film titles under an Arabic
# heading 6-11 %, an English caption 7 %. An English page quoting an Arabic name has a few %.
# Persian and Urdu are Arabic script too and are not told apart (their letters also occur in
# Arabic typed on a Persian keyboard: up to 5 % of the letters of corpus articles).
ARABIC_SHARE = 0.2
# A Latin-script text is English when these words make at least ENGLISH_SHARE of its words
# (English prose: 25-40 %; French, Spanish, German: a few %); otherwise its language is 'und'.
ENGLISH_WORDS = frozenset("the of and to in is that for on with as was by it at from are be this has have were said".split())
ENGLISH_SHARE = 0.10
LANGUAGE_SAMPLE_CHARS = 5000  # the head of the text decides: enough letters, constant cost


def _deleting_all_but(keep: bytes) -> bytes:
    return bytes(b for b in range(256) if b not in keep)


# Letters are counted on the UTF-8 bytes (bytes.translate runs at memory speed; a regular
# expression over every character cost 20 s on the corpus): a character of U+0600-U+06FF
# starts with byte D8-DB; other letters (Latin with accents, Greek, Cyrillic, Hebrew, Indic,
# CJK...) start with C3-D7, DC-E1 or E3-EE. Left out: C2 (« » and other Latin-1 signs), E2
# (punctuation and symbols), EF (presentation forms, BOM), F0+ (emoji). Arabic punctuation
# and digits count as Arabic: a few per cent at most.
_KEEP_ARABIC = _deleting_all_but(bytes(range(0xD8, 0xDC)))
_KEEP_OTHER_LETTERS = _deleting_all_but(bytes([*range(0xC3, 0xD8), *range(0xDC, 0xE2), *range(0xE3, 0xEF)]))
_KEEP_ASCII_LETTERS = _deleting_all_but(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_WORD = re.compile(r"[a-z]+")


@dataclass
class Batch:
    documents: pl.DataFrame
    rejected: pl.DataFrame


def document_id(text: str, encoded: bytes | None = None) -> str:
    return "d_" + hashlib.sha256(text.encode("utf-8") if encoded is None else encoded).hexdigest()[:20]


def detect_language(text: str, encoded: bytes | None = None) -> str:
    """'ar', 'en' or 'und' (undetermined), from the script of the letters (see ARABIC_SHARE).
    `encoded`: the text as UTF-8 when already at hand (a character cut at the end is harmless)."""
    raw = encoded[: 2 * LANGUAGE_SAMPLE_CHARS] if encoded is not None else text[:LANGUAGE_SAMPLE_CHARS].encode("utf-8", "replace")
    arabic = len(raw.translate(None, _KEEP_ARABIC))
    latin = len(raw.translate(None, _KEEP_ASCII_LETTERS))
    letters = arabic + latin + len(raw.translate(None, _KEEP_OTHER_LETTERS))
    if not letters:
        return "und"
    if arabic >= ARABIC_SHARE * letters:
        return "ar"
    if latin >= 0.5 * letters:
        words = _ASCII_WORD.findall(text[:LANGUAGE_SAMPLE_CHARS].lower())
        if words and sum(w in ENGLISH_WORDS for w in words) >= ENGLISH_SHARE * len(words):
            return "en"
    return "und"


def discover(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Every input under `paths` (files or folders), in walk order, sidecars and hidden
    entries excluded. Folders are walked with their symbolic links followed; what is not a
    regular file (a broken link, a loop, a pipe, a folder that cannot be listed) is listed
    too, and read_batches rejects it with its reason without opening it."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(_walk(path))
        elif os.path.lexists(path):
            out.append(path)
        else:
            raise FileNotFoundError(f"input not found: {path}")
    seen, unique = set(), []
    for f in out:
        key = source_uri(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _walk(root: Path) -> list[Path]:
    out: list[Path] = []
    walked: set[tuple[int, int]] = set()

    def visit(folder: Path, above: frozenset[tuple[int, int]]) -> None:
        st = os.stat(folder)
        key = (st.st_dev, st.st_ino)
        walked.add(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            out.append(folder)  # cannot be listed: rejected as unreadable
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith(SIDECAR_SUFFIX):
                continue
            path = Path(entry.path)
            try:
                target = os.stat(path)
            except OSError:
                out.append(path)  # a link to nothing, a loop, or gone since the listing
                continue
            if not stat.S_ISDIR(target.st_mode):
                out.append(path)
            elif (target.st_dev, target.st_ino) in above | {key}:
                out.append(path)  # a link back to a folder above: walking it would never end
            elif (target.st_dev, target.st_ino) not in walked:
                # Reached a second way (two links to one folder): its files were listed already.
                visit(path, above | {key})

    visit(root, frozenset())
    return out


def source_uri(path: Path) -> str:
    """A regular file's resolved path (a file reached through links is one input); for
    anything else (a link to nothing, a loop, a pipe, a folder) the entry's own place."""
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            return str(path.resolve(strict=True))
    except (OSError, RuntimeError):  # RuntimeError: a link loop, in Python before 3.13
        pass
    try:
        return str(path.parent.resolve() / path.name)
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def read_batches(files: list[Path], batch_size: int = 500, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Batch]:
    """Stream documents in batches of `batch_size`; rejected inputs travel with each batch."""
    docs: list[dict] = []
    rejected: list[dict] = []
    for f in files:
        for row in _read_file(f, max_bytes):
            (rejected if "reason" in row else docs).append(row)
            if len(docs) >= batch_size:
                yield _batch(docs, rejected)
                docs, rejected = [], []
    if docs or rejected:
        yield _batch(docs, rejected)


def _batch(docs: list[dict], rejected: list[dict]) -> Batch:
    return Batch(pl.DataFrame(docs, schema=DOCUMENT_SCHEMA), pl.DataFrame(rejected, schema=REJECTED_SCHEMA))


def _reject(uri: str, reason: str, detail: str) -> dict:
    return {"source_uri": uri, "reason": reason, "detail": detail[:500]}


def _read_file(path: Path, max_bytes: int) -> Iterator[dict]:
    uri = source_uri(path)
    not_a_file = _not_a_regular_file(path, uri)
    if not_a_file:
        yield not_a_file
        return
    name = path.name.lower()
    try:
        if name.endswith(".jsonl") or name.endswith(".jsonl.gz"):
            yield from _read_jsonl(path, uri, max_bytes)
        elif name.endswith(".txt") or name.endswith(HTML_SUFFIXES):
            yield _read_single(path, uri, max_bytes)
        else:
            yield _reject(uri, "unsupported_type", f"not .txt, .jsonl or .jsonl.gz: {path.suffix or path.name}")
    except _NotRegular as exc:
        yield _reject(uri, "special_file", f"{exc} (replaced after the walk): not opened")
    except OSError as exc:
        yield _reject(uri, "unreadable", f"{type(exc).__name__}: {exc}")


class _NotRegular(OSError):
    pass


def _kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "named pipe (FIFO)"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return kind
    return "not a regular file"


def _not_a_regular_file(path: Path, uri: str) -> dict | None:
    """The rejected row for what is not a regular file, found from its metadata alone: a
    pipe or device is never opened (opening a pipe waits for a writer)."""
    try:
        own = os.lstat(path)
    except OSError as exc:
        return _reject(uri, "unreadable", f"{type(exc).__name__}: {exc.strerror}: vanished while the inputs were read")
    try:
        st = os.stat(path)
    except OSError as exc:
        link = f"link to {_readlink(path)}" if stat.S_ISLNK(own.st_mode) else "path"
        if exc.errno == errno.ELOOP:
            return _reject(uri, "link_loop", f"{link}: too many levels of symbolic links (a loop)")
        if stat.S_ISLNK(own.st_mode) and exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return _reject(uri, "broken_link", f"{link}, which does not exist")
        return _reject(uri, "unreadable", f"{type(exc).__name__}: {exc.strerror}")
    if stat.S_ISDIR(st.st_mode):
        real, place = path.resolve(), path.parent.resolve()
        if stat.S_ISLNK(own.st_mode) and (real == place or real in place.parents):
            return _reject(uri, "link_loop", f"link to {_readlink(path)}, a folder above it: walking it would never end")
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            return _reject(uri, "unreadable", f"folder cannot be listed: {type(exc).__name__}: {exc.strerror}")
        return _reject(uri, "unreadable", "folder could not be listed while the inputs were walked")
    if not stat.S_ISREG(st.st_mode):
        return _reject(uri, "special_file", f"{_kind(st.st_mode)}: not opened")
    return None


def _readlink(path: Path) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def _open_regular(path: Path):
    """Open for reading without blocking; raise _NotRegular for what became a pipe or a
    device after the walk (O_NONBLOCK makes opening a pipe return at once)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _NotRegular(_kind(mode))
    return os.fdopen(fd, "rb")


def decode_bytes(data: bytes) -> tuple[str, str] | None:
    """(text, encoding), or None when the bytes are not text in an encoding we accept."""
    for bom, enc in ((codecs.BOM_UTF8, "utf_8_sig"), (codecs.BOM_UTF16_LE, "utf_16"), (codecs.BOM_UTF16_BE, "utf_16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc.replace("_sig", "") + "+bom"
            except UnicodeDecodeError:
                return None
    # UTF-16 without a BOM: Arabic letters are 0x06xx and ASCII spaces 0x00xx, so one byte in
    # two is 0x06 or 0x00 — and such bytes are also valid (garbage) UTF-8, so look first.
    if len(data) >= 4 and len(data) % 2 == 0:
        for half, enc in ((data[1::2], "utf_16_le"), (data[0::2], "utf_16_be")):
            if half.count(0) + half.count(6) > 0.6 * len(half):
                try:
                    return data.decode(enc), enc
                except UnicodeDecodeError:
                    break
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None or best.chaos > 0.3:
        return None
    return str(best), best.encoding


def _looks_binary(data: bytes, text: str | None) -> bool:
    if text is None:
        return b"\x00" in data[:4096]
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return controls > max(3, len(text[:20000]) // 100)


def clean_text(text: str) -> str:
    """LF line ends, no bidi controls (they only steer display, and break matching)."""
    return _BIDI.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _is_html(path: Path, text: str) -> bool:
    if path.name.lower().endswith(HTML_SUFFIXES):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def html_article(html: str) -> tuple[str | None, str | None]:
    """(article text, page title) with trafilatura; navigation, ads and footers removed."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      include_images=False, include_links=False)
    if doc is None:
        return None, None
    return (doc.text or None), (doc.title or None)


def _read_single(path: Path, uri: str, max_bytes: int) -> dict:
    with _open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            return _reject(uri, "too_large", f"{size} bytes > limit {max_bytes}")
        data = fh.read()
    if not data.strip():
        return _reject(uri, "empty", "no text" if data else "empty file")
    decoded = decode_bytes(data)
    text, encoding = decoded if decoded else (None, None)
    if _looks_binary(data, text):
        return _reject(uri, "binary", "control or NUL bytes: not a text file")
    if text is None:
        return _reject(uri, "undecodable", f"not UTF-8/UTF-16, {', '.join(CANDIDATE_ENCODINGS[:2])}")
    text = clean_text(text)
    fmt, page_title = "text", None
    if _is_html(path, text):
        fmt = "html"
        text, page_title = html_article(text)
        if not text or len("".join(text.split())) < MIN_ARTICLE_CHARS:
            return _reject(uri, "no_article_text", "HTML page without article text (navigation or boilerplate only)")
        text = clean_text(text)
    if not text.strip():
        return _reject(uri, "empty", "only whitespace")
    meta, problem = _read_sidecar(path)
    title = _clean(meta.get("title")) or _clean(page_title) or (_first_line_title(text) if fmt == "text" else None)
    return _document(text, uri, meta, problem, title, encoding=encoding, fmt=fmt)


def _read_sidecar(path: Path) -> tuple[dict, str | None]:
    sidecar = path.with_name(path.name[: len(path.name) - len(path.suffix)] + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}, None
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, f"sidecar {sidecar.name} is not valid JSON: {exc}"
    if not isinstance(meta, dict):
        return {}, f"sidecar {sidecar.name} is not a JSON object"
    return meta, None


def _first_line_title(text: str) -> str | None:
    first = text.strip().split("\n", 1)[0].strip()
    return strip_bidi(first)[:300] if first and len(first) <= 300 else None


def _clean(value) -> str | None:
    if value is None:
        return None
    value = strip_bidi(str(value)).strip()
    return value or None


def parse_published(value) -> tuple[dt.date | None, str | None]:
    """ISO date or timestamp → date; anything else → (None, problem)."""
    if value is None or value == "":
        return None, None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]), None
    except ValueError:
        return None, f"published {str(value)[:40]!r} is not an ISO date"


def _document(text: str, uri: str, meta: dict, problem: str | None, title: str | None,
              encoding: str = "utf_8", fmt: str = "text") -> dict:
    published, date_problem = parse_published(meta.get("published"))
    problems = "; ".join(p for p in (problem, date_problem) if p) or None
    encoded = text.encode("utf-8")
    return {
        "doc_id": document_id(text, encoded), "source_uri": uri, "title": title, "published": published,
        "source": _clean(meta.get("source")), "url": _clean(meta.get("url")),
        "language": detect_language(text, encoded), "declared_language": _clean(meta.get("language")),
        "text": text, "n_chars": len(text), "meta_problem": problems, "encoding": encoding, "format": fmt,
    }


def _read_jsonl(path: Path, uri: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[dict]:
    """Stream records; a bad line is rejected on its own, a truncated gzip keeps what was read."""
    with _open_regular(path) as raw, (gzip.open(raw, "rb") if path.name.lower().endswith(".gz") else raw) as fh:
        line_no = 0
        while True:
            line_no += 1
            try:
                raw = fh.readline()
            except (EOFError, gzip.BadGzipFile, OSError) as exc:
                yield _reject(f"{uri}#line-{line_no}", "truncated", f"{type(exc).__name__}: {exc}; earlier records kept")
                return
            if not raw:
                return
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw.decode("utf-8-sig" if line_no == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield _reject(f"{uri}#line-{line_no}", "undecodable", f"line is not UTF-8: {exc}")
                continue
            except json.JSONDecodeError as exc:
                yield _reject(f"{uri}#line-{line_no}", "bad_json", str(exc))
                continue
            if not isinstance(rec, dict):
                yield _reject(f"{uri}#line-{line_no}", "bad_json", "line is not a JSON object")
                continue
            rid = str(rec.get("id") or f"line-{line_no}")
            text = rec.get("text")
            if not isinstance(text, str) or not text.strip():
                yield _reject(f"{uri}#{rid}", "empty", "record has no text")
                continue
            if len(text.encode("utf-8")) > max_bytes:
                yield _reject(f"{uri}#{rid}", "too_large", f"record text over {max_bytes} bytes")
                continue
            yield _document(clean_text(text), f"{uri}#{rid}", rec, None, _clean(rec.get("title")), fmt="jsonl")
