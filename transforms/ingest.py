"""Ingest: turn files into document rows, and account for every input.

Accepted inputs, found by walking folders recursively:
  NAME.txt        one article; optional sidecar NAME.meta.json (published, source, url, title, language)
  NAME.html/.htm  one web page: the article text is extracted (boilerplate removed); same sidecar
  NAME.jsonl[.gz] one article per line (id, text, title, published, url, source), streamed

Text files may be UTF-8 (with or without BOM), UTF-16 (LE/BE, with or without BOM),
windows-1256 or ISO-8859-6: a BOM decides, else strict UTF-8, else charset-normalizer among
those encodings. Bidi control marks are removed from the stored text.

Every input ends up as a document row or a rejected row with a reason; nothing is dropped
silently and one bad file never stops the others. Metadata wins over dates printed in the
text (a page's "last updated" header is not a publication date). A document's id is a hash
of its text, so the same article reached through two paths is one document.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import polars as pl

from waqai.transforms.normalize import strip_bidi

DOCUMENT_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String, "source_uri": pl.String, "title": pl.String, "published": pl.Date,
    "source": pl.String, "url": pl.String, "language": pl.String, "text": pl.String,
    "n_chars": pl.Int64, "meta_problem": pl.String, "encoding": pl.String, "format": pl.String,
}
REJECTED_SCHEMA: dict[str, pl.DataType] = {"source_uri": pl.String, "reason": pl.String, "detail": pl.String}

SIDECAR_SUFFIX = ".meta.json"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MIN_ARTICLE_CHARS = 25  # what is left of a page after boilerplate removal, below which it had no article
# Legacy encodings of Arabic web text that charset-normalizer chooses among.
CANDIDATE_ENCODINGS = ["cp1256", "iso8859_6", "utf_16_le", "utf_16_be"]
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]")


@dataclass
class Batch:
    documents: pl.DataFrame
    rejected: pl.DataFrame


def document_id(text: str) -> str:
    return "d_" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def discover(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """All input files under `paths` (files or folders), sorted, sidecars excluded."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(f for f in sorted(path.rglob("*")) if f.is_file() and not f.name.endswith(SIDECAR_SUFFIX)
                       and not any(part.startswith(".") for part in f.relative_to(path).parts))
        elif path.is_file():
            out.append(path)
        else:
            raise FileNotFoundError(f"input not found: {path}")
    seen, unique = set(), []
    for f in out:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


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
    uri = str(path.resolve())
    name = path.name.lower()
    try:
        if name.endswith(".jsonl") or name.endswith(".jsonl.gz"):
            yield from _read_jsonl(path, uri, max_bytes)
        elif name.endswith(".txt") or name.endswith(HTML_SUFFIXES):
            yield _read_single(path, uri, max_bytes)
        else:
            yield _reject(uri, "unsupported_type", f"not .txt, .jsonl or .jsonl.gz: {path.suffix or path.name}")
    except OSError as exc:
        yield _reject(uri, "unreadable", f"{type(exc).__name__}: {exc}")


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
    size = path.stat().st_size
    if size > max_bytes:
        return _reject(uri, "too_large", f"{size} bytes > limit {max_bytes}")
    data = path.read_bytes()
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
    return {
        "doc_id": document_id(text), "source_uri": uri, "title": title, "published": published,
        "source": _clean(meta.get("source")), "url": _clean(meta.get("url")),
        "language": _clean(meta.get("language")) or "ar", "text": text, "n_chars": len(text),
        "meta_problem": problems, "encoding": encoding, "format": fmt,
    }


def _read_jsonl(path: Path, uri: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[dict]:
    """Stream records; a bad line is rejected on its own, a truncated gzip keeps what was read."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
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
