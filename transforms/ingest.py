"""Ingest: turn files into document rows, and account for every input.

Accepted inputs, found by walking folders recursively:
  NAME.txt        one article; optional sidecar NAME.meta.json (published, source, url, title, language)
  NAME.jsonl[.gz] one article per line (id, text, title, published, url, source), streamed

Every input ends up as a document row or a rejected row with a reason; nothing is dropped
silently and one bad file never stops the others. Metadata wins over dates printed in the
text (a page's "last updated" header is not a publication date). A document's id is a hash
of its text, so the same article reached through two paths is one document.
"""
from __future__ import annotations

import codecs
import datetime as dt
import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import polars as pl

from transforms.normalize import strip_bidi

DOCUMENT_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String, "source_uri": pl.String, "title": pl.String, "published": pl.Date,
    "source": pl.String, "url": pl.String, "language": pl.String, "text": pl.String,
    "n_chars": pl.Int64, "meta_problem": pl.String,
}
REJECTED_SCHEMA: dict[str, pl.DataType] = {"source_uri": pl.String, "reason": pl.String, "detail": pl.String}

SIDECAR_SUFFIX = ".meta.json"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


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
            yield from _read_jsonl(path, uri)
        elif name.endswith(".txt"):
            yield _read_txt(path, uri, max_bytes)
        else:
            yield _reject(uri, "unsupported_type", f"not .txt, .jsonl or .jsonl.gz: {path.suffix or path.name}")
    except OSError as exc:
        yield _reject(uri, "unreadable", f"{type(exc).__name__}: {exc}")


def decode_bytes(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; None when neither decodes."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _read_txt(path: Path, uri: str, max_bytes: int) -> dict:
    size = path.stat().st_size
    if size > max_bytes:
        return _reject(uri, "too_large", f"{size} bytes > limit {max_bytes}")
    data = path.read_bytes()
    if data.count(b"\x00") > len(data) // 100 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _reject(uri, "binary", "file holds NUL bytes: not text")
    text = decode_bytes(data)
    if text is None:
        return _reject(uri, "undecodable", "not UTF-8 or UTF-16")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return _reject(uri, "empty", "no text")
    meta, problem = _read_sidecar(path)
    title = _clean(meta.get("title")) or _first_line_title(text)
    return _document(text, uri, meta, problem, title)


def _read_sidecar(path: Path) -> tuple[dict, str | None]:
    sidecar = path.with_name(path.name[: -len(".txt")] + SIDECAR_SUFFIX)
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


def _document(text: str, uri: str, meta: dict, problem: str | None, title: str | None) -> dict:
    published, date_problem = parse_published(meta.get("published"))
    problems = "; ".join(p for p in (problem, date_problem) if p) or None
    return {
        "doc_id": document_id(text), "source_uri": uri, "title": title, "published": published,
        "source": _clean(meta.get("source")), "url": _clean(meta.get("url")),
        "language": _clean(meta.get("language")) or "ar", "text": text, "n_chars": len(text),
        "meta_problem": problems,
    }


def _read_jsonl(path: Path, uri: str) -> Iterator[dict]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="strict") as fh:
        line_no = 0
        while True:
            line_no += 1
            try:
                line = fh.readline()
            except (UnicodeDecodeError, EOFError, gzip.BadGzipFile) as exc:
                yield _reject(f"{uri}#line-{line_no}", "undecodable", f"{type(exc).__name__}: {exc}")
                return
            if not line:
                return
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
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
            yield _document(text.replace("\r\n", "\n"), f"{uri}#{rid}", rec, None, _clean(rec.get("title")))
