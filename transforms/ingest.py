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

import datetime as dt
import errno
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
from waqai.transforms.text_decoding import (
    CANDIDATE_ENCODINGS, HTML_SUFFIXES, MIN_ARTICLE_CHARS, _is_html, _looks_binary, clean_text, decode_bytes, detect_language,
    html_article,
)

DOCUMENT_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String, "source_uri": pl.String, "title": pl.String, "published": pl.Date,
    "source": pl.String, "url": pl.String, "language": pl.String, "text": pl.String,
    "n_chars": pl.Int64, "meta_problem": pl.String, "encoding": pl.String, "format": pl.String,
    "declared_language": pl.String,
}
REJECTED_SCHEMA: dict[str, pl.DataType] = {"source_uri": pl.String, "reason": pl.String, "detail": pl.String}

SIDECAR_SUFFIX = ".meta.json"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Legacy encodings of Arabic web text that charset-normalizer chooses among.

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

@dataclass
class Batch:
    documents: pl.DataFrame
    rejected: pl.DataFrame


def document_id(text: str, encoded: bytes | None = None) -> str:
    return "d_" + hashlib.sha256(text.encode("utf-8") if encoded is None else encoded).hexdigest()[:20]


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
