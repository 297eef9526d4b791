"""News feeds as input: RSS/Atom feed URLs fetched politely, each entry's page reduced to its
article text and staged as a document like a file's.

An input is a feed when it starts with http:// or https://, or when it is a file named
`NAME.feeds` listing feed URLs, one per line (`#` starts a comment). Politeness:
- a conditional GET of each feed (If-None-Match / If-Modified-Since from the `feeds` table), so
  an unchanged feed costs one 304;
- one request at a time per host, at least `WAQAI_FETCH_INTERVAL` seconds apart (default 1, or
  the host's robots.txt Crawl-delay when longer);
- robots.txt obeyed (urllib.robotparser; a robots.txt that answers 5xx or not at all means
  "fetch nothing from this host" for this run, as RFC 9309 says; a 4xx means no rules);
- every request times out after `WAQAI_FETCH_TIMEOUT` seconds (default 10);
- only transient failures (timeouts, connection errors, 5xx, 429) are retried, by the fetch
  task's own Prefect retries (`WAQAI_FETCH_RETRIES`, default 2).
Entries already stored as documents are not fetched again; an entry whose page failed is
recorded in rejected_documents (reason `unreadable`, detail "fetch failed: ...") and fetched
again on the next run, even when the feed answers 304.
"""
from __future__ import annotations

import datetime as dt
import os
import time
import urllib.robotparser
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import polars as pl
from prefect import task
from prefect.cache_policies import NO_CACHE

from waqai.flows.orchestration import in_prefect_run, with_retries
from waqai.flows import warehouse as wh
from waqai.transforms.ingest import (DOCUMENT_SCHEMA, MIN_ARTICLE_CHARS, REJECTED_SCHEMA, _document, clean_text,
                                     decode_bytes, html_article)

FEED_LIST_SUFFIX = ".feeds"
USER_AGENT = "waqai/0.1 (Arabic news events research; feed reader)"
FETCH_FAILED = "fetch failed"  # detail prefix of a rejection that the next run retries


def is_url(value: str) -> bool:
    return str(value).lower().startswith(("http://", "https://"))


def is_feed_input(value: str) -> bool:
    return is_url(value) or str(value).lower().endswith(FEED_LIST_SUFFIX)


def feed_urls(inputs: list[str]) -> list[str]:
    """The feed URLs named by the inputs (URLs themselves, or `.feeds` files), in order, once each."""
    out: list[str] = []
    for value in inputs:
        if is_url(value):
            urls = [value]
        else:
            lines = Path(value).read_text(encoding="utf-8-sig").splitlines()
            urls = [ln.split("#", 1)[0].strip() for ln in lines]
            bad = [u for u in urls if u and not is_url(u)]
            if bad:
                raise ValueError(f"{value}: not a feed URL (http:// or https://): {bad[0]}")
        out += [u for u in urls if u and u not in out]
    return out


@dataclass(frozen=True)
class Settings:
    timeout: float = 10.0
    interval: float = 1.0
    retries: int = 2
    retry_delay: float = 2.0

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ.get
        return cls(float(env("WAQAI_FETCH_TIMEOUT", cls.timeout)), float(env("WAQAI_FETCH_INTERVAL", cls.interval)),
                   int(env("WAQAI_FETCH_RETRIES", cls.retries)), float(env("WAQAI_FETCH_RETRY_DELAY", cls.retry_delay)))


class FetchError(Exception):
    def __init__(self, detail: str, transient: bool, status: int | None = None):
        super().__init__(detail)
        self.transient, self.status = transient, status


@dataclass
class Page:
    url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None


class _Polite:
    """One HTTP client per run: per-host spacing and robots.txt rules."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.client = httpx.Client(timeout=settings.timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        self.last: dict[str, float] = {}
        self.robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}

    def _wait_turn(self, host: str) -> None:
        rules = self.robots.get(host)
        delay = max(self.settings.interval, float((rules.crawl_delay(USER_AGENT) if rules else None) or 0))
        gap = time.monotonic() - self.last.get(host, -1e9)
        if gap < delay:
            time.sleep(delay - gap)
        self.last[host] = time.monotonic()

    def _request(self, url: str, headers: dict | None = None) -> httpx.Response:
        self._wait_turn(urlsplit(url).netloc)
        try:
            return self.client.get(url, headers=headers or {})
        except httpx.TimeoutException:
            raise FetchError(f"{FETCH_FAILED}: no answer within {self.settings.timeout:g} s", transient=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{FETCH_FAILED}: {type(exc).__name__}: {exc}"[:300], transient=True) from None

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = parts.netloc
        if host not in self.robots:
            rules: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            try:
                resp = self._request(f"{parts.scheme}://{host}/robots.txt")
                if resp.status_code >= 500:
                    rules = None
                elif resp.status_code >= 400:
                    rules.parse([])
                else:
                    rules.parse(resp.text.splitlines())
            except FetchError:
                rules = None  # unreachable: treated as a full disallow for this run
            self.robots[host] = rules
        rules = self.robots[host]
        return rules is not None and rules.can_fetch(USER_AGENT, url)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        if not self.allowed(url):
            raise FetchError(f"{FETCH_FAILED}: robots.txt of {urlsplit(url).netloc} disallows it (or is unavailable)",
                             transient=False)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        resp = self._request(url, headers)
        if resp.status_code == 304:
            return Page(url, 304, b"", "", None, etag, last_modified)
        if resp.status_code >= 400:
            raise FetchError(f"{FETCH_FAILED}: HTTP {resp.status_code}", transient=resp.status_code >= 500 or resp.status_code == 429,
                             status=resp.status_code)
        return Page(url, resp.status_code, resp.content, resp.headers.get("content-type", ""), resp.charset_encoding,
                    resp.headers.get("etag"), resp.headers.get("last-modified"))

    def close(self) -> None:
        self.client.close()


_polite: _Polite | None = None


def _transient(task, task_run, state) -> bool:
    try:
        state.result()
    except FetchError as exc:
        return exc.transient
    except Exception:
        return True
    return False


@task(retries=2, retry_delay_seconds=2, retry_condition_fn=_transient, cache_policy=NO_CACHE)
def fetch(url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
    """One polite GET (robots.txt, per-host spacing, timeout); transient failures are retried."""
    assert _polite is not None, "fetch runs inside harvest()"
    return _polite.get(url, etag, last_modified)


def _fetch(url: str, etag: str | None = None, last_modified: str | None = None) -> Page | FetchError:
    s = _polite.settings
    if not in_prefect_run():  # a run without Prefect (flows/orchestration.py): same retries
        try:
            return with_retries(fetch.fn, s.retries, s.retry_delay, url, etag, last_modified,
                                retry_if=lambda exc: not isinstance(exc, FetchError) or exc.transient)
        except Exception as exc:
            return _as_fetch_error(exc)
    state = fetch.with_options(retries=s.retries, retry_delay_seconds=s.retry_delay)(url, etag, last_modified,
                                                                                      return_state=True)
    if state.is_completed():
        return state.result()
    return _as_fetch_error(state.result(raise_on_failure=False))


def _as_fetch_error(exc: BaseException) -> FetchError:
    return exc if isinstance(exc, FetchError) else FetchError(f"{FETCH_FAILED}: {type(exc).__name__}: {exc}"[:300], True)


@dataclass
class Harvest:
    documents: list[str] = field(default_factory=list)   # Parquet parts (DOCUMENT_SCHEMA)
    rejected: list[str] = field(default_factory=list)    # Parquet parts (REJECTED_SCHEMA)
    feeds: list[dict] = field(default_factory=list)      # rows for the feeds table
    entries: list[dict] = field(default_factory=list)    # rows for feed_entries (new ones)
    fetched_ok: list[str] = field(default_factory=list)  # feed URLs answered (200 or 304): their rejection goes
    pages_fetched: int = 0
    not_modified: int = 0


def _entry_date(entry) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def _page_text(page: Page) -> tuple[str | None, str | None, str]:
    """(article text, page title, format) of a fetched page."""
    if page.charset:
        try:
            text = page.content.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    else:
        text = None
    if text is None:
        decoded = decode_bytes(page.content)
        text = decoded[0] if decoded else None
    if text is None:
        return None, None, "html"
    text = clean_text(text)
    if "html" in page.content_type or text.lstrip().startswith("<"):
        article, title = html_article(text)
        return (clean_text(article) if article else None), title, "html"
    return text, None, "text"


def harvest(feeds: list[str], warehouse: str, staging: Path, run_id: str, max_bytes: int) -> Harvest:
    """Fetch the feeds and the pages of their entries not stored yet; stage documents and
    rejections in `staging`."""
    global _polite
    con = wh.connect_private(wh.paths(warehouse))
    try:
        state = {r[0]: r[1:] for r in con.execute("select feed_url, etag, last_modified, title from feeds").fetchall()}
        known = {r[0]: r[1:] for r in con.execute(
            "select entry_url, feed_url, title, published from feed_entries").fetchall()}
        stored = {r[0] for r in con.execute("select source_uri from documents where source_uri in "
                                            "(select entry_url from feed_entries) or source_uri like 'http%'").fetchall()}
        settled = {r[0] for r in con.execute(
            "select source_uri from rejected_documents where not starts_with(coalesce(detail, ''), ?)",
            [FETCH_FAILED]).fetchall()}
    finally:
        con.close()
    out = Harvest()
    docs: list[dict] = []
    rejected: list[dict] = []
    now = wh.utcnow()
    _polite = _Polite(Settings.from_env())
    try:
        for feed_url in feeds:
            etag, last_modified, title = state.get(feed_url, (None, None, None))
            answer = _fetch(feed_url, etag, last_modified)
            if isinstance(answer, FetchError):
                rejected.append({"source_uri": feed_url, "reason": "unreadable", "detail": str(answer)[:500]})
                out.feeds.append({"feed_url": feed_url, "title": title, "etag": etag, "last_modified": last_modified,
                                  "last_status": answer.status, "last_fetched_at": now, "run_id": run_id})
                continue
            out.fetched_ok.append(feed_url)
            entries: list[tuple[str, str | None, dt.date | None]] = []
            if answer.status == 304:
                out.not_modified += 1
            else:
                import feedparser

                parsed = feedparser.parse(answer.content)
                if parsed.bozo and not parsed.entries:
                    rejected.append({"source_uri": feed_url, "reason": "unreadable",
                                     "detail": f"{FETCH_FAILED}: not an RSS/Atom feed ({parsed.get('bozo_exception')})"[:500]})
                    out.fetched_ok.remove(feed_url)
                    continue
                title = parsed.feed.get("title") or title
                etag, last_modified = answer.etag, answer.last_modified
                for e in parsed.entries:
                    link = e.get("link")
                    if link and is_url(link):
                        entries.append((link, e.get("title"), _entry_date(e)))
                        if link not in known:
                            known[link] = (feed_url, e.get("title"), _entry_date(e))
                            out.entries.append({"entry_url": link, "feed_url": feed_url, "title": e.get("title"),
                                                "published": _entry_date(e), "first_seen_run_id": run_id})
            out.feeds.append({"feed_url": feed_url, "title": title, "etag": etag, "last_modified": last_modified,
                              "last_status": answer.status, "last_fetched_at": now, "run_id": run_id})
            # Entries listed before whose page is still missing (a 304 lists none) are due again.
            listed = {u for u, _, _ in entries}
            entries += [(u, t, p) for u, (f, t, p) in known.items() if f == feed_url and u not in listed]
            for link, entry_title, published in entries:
                if link in stored or link in settled:
                    continue
                page = _fetch(link)
                out.pages_fetched += 1
                if isinstance(page, FetchError):
                    rejected.append({"source_uri": link, "reason": "unreadable", "detail": str(page)[:500]})
                    continue
                if len(page.content) > max_bytes:
                    rejected.append({"source_uri": link, "reason": "too_large",
                                     "detail": f"{len(page.content)} bytes > limit {max_bytes}"})
                    continue
                text, page_title, fmt = _page_text(page)
                if not text or len("".join(text.split())) < MIN_ARTICLE_CHARS:
                    rejected.append({"source_uri": link, "reason": "no_article_text",
                                     "detail": "page without article text (navigation or boilerplate only)"})
                    continue
                meta = {"published": published.isoformat() if published else None, "source": title, "url": link}
                docs.append(_document(text, link, meta, None, entry_title or page_title, encoding="utf_8", fmt=fmt))
                stored.add(link)
    finally:
        _polite.close()
        _polite = None
    if docs:
        part = staging / "feeds-documents.parquet"
        pl.DataFrame(docs, schema=DOCUMENT_SCHEMA).write_parquet(part)
        out.documents.append(str(part))
    if rejected:
        part = staging / "feeds-rejected.parquet"
        pl.DataFrame(rejected, schema=REJECTED_SCHEMA).write_parquet(part)
        out.rejected.append(str(part))
    return out


def record(con, h: Harvest) -> None:
    """Remember what the feeds' servers said (for the next conditional GET) and the entries
    they listed; a feed answered again is no longer rejected. One transaction."""
    con.execute("begin transaction")
    try:
        for f in h.feeds:
            con.execute("""insert or replace into feeds (feed_url, title, etag, last_modified, last_status, last_fetched_at, run_id)
                           values ($feed_url, $title, $etag, $last_modified, $last_status, $last_fetched_at, $run_id)""", f)
        for e in h.entries:
            con.execute("""insert into feed_entries (entry_url, feed_url, title, published, first_seen_run_id)
                           values ($entry_url, $feed_url, $title, $published, $first_seen_run_id) on conflict do nothing""", e)
        if h.fetched_ok:
            con.execute("delete from rejected_documents where source_uri in (select unnest($urls::varchar[]))",
                        {"urls": h.fetched_ok})
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
