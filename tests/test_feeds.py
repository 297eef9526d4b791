"""News feeds as input, end to end against a local HTTP server on 127.0.0.1 serving an RSS feed
and pages written for this test (Arabic sentences in our own words about real events).

First run: one good page, one answering 500, one too slow, one with no article, one that
robots.txt disallows. Second run: the feed gained an entry; only it and the pages that failed
are requested again. Third run: the feed answers 304 and no page is requested."""
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

from waqai.flows.feeds import feed_urls

ARTICLES = {
    "/news/1.html": ("ماكرون في بيروت بعد انفجار المرفأ",
                     "زار الرئيس الفرنسي إيمانويل ماكرون العاصمة اللبنانية بيروت يوم الخميس السادس من آب/أغسطس 2020، "
                     "بعد يومين من الانفجار الذي دمّر المرفأ، وتجوّل في الأحياء المتضررة والتقى الرئيس اللبناني ميشال عون. "
                     "ووعد ماكرون بتنظيم مؤتمر دولي لمساعدة لبنان في الأيام المقبلة."),
    "/news/2.html": ("مصر تشتري طائرات رافال",
                     "وقّعت مصر وفرنسا في القاهرة يوم الاثنين السادس عشر من شباط/فبراير 2015 عقداً تشتري بموجبه مصر "
                     "أربعاً وعشرين طائرة مقاتلة من طراز رافال وفرقاطة بحرية. وحضر التوقيع وزير الدفاع الفرنسي جان إيف لودريان."),
    "/news/3.html": ("تركيا ترسل قوات إلى ليبيا",
                     "أعلن الرئيس التركي رجب طيب أردوغان في الخامس من كانون الثاني/يناير 2020 أن تركيا بدأت نشر قوات "
                     "في ليبيا لدعم حكومة الوفاق الوطني في طرابلس. وقال إن مهمة القوات هي التنسيق والتدريب."),
    "/news/6.html": ("ولي العهد السعودي في القاهرة",
                     "وصل ولي العهد السعودي الأمير محمد بن سلمان إلى القاهرة يوم الأحد الرابع من آذار/مارس 2018 في "
                     "زيارة رسمية لمصر استمرت ثلاثة أيام، واستقبله الرئيس المصري عبد الفتاح السيسي في المطار."),
}
NO_ARTICLE = "<html><body><nav><a href='/'>الرئيسية</a> | <a href='/a'>سياسة</a></nav></body></html>"
DATES = {"/news/1.html": "Thu, 06 Aug 2020 18:00:00 GMT", "/news/2.html": "Mon, 16 Feb 2015 12:00:00 GMT",
         "/news/3.html": "Sun, 05 Jan 2020 09:00:00 GMT", "/news/4.html": "Sun, 05 Jan 2020 10:00:00 GMT",
         "/private/5.html": "Sun, 05 Jan 2020 11:00:00 GMT", "/news/6.html": "Sun, 04 Mar 2018 20:00:00 GMT"}


class Site:
    """What the server answers, changed by the test between runs; every request is logged."""

    def __init__(self):
        self.entries = ["/news/1.html", "/news/2.html", "/news/3.html", "/news/4.html", "/private/5.html"]
        self.failing = {"/news/2.html"}   # answers 500
        self.slow = {"/news/3.html"}      # answers after the client's timeout
        self.requests: list[str] = []
        self.version = 1

    def feed(self, base: str) -> bytes:
        items = "".join(f"<item><title>{ARTICLES.get(p, ('صفحة',))[0]}</title><link>{base}{p}</link>"
                        f"<pubDate>{DATES[p]}</pubDate></item>" for p in self.entries)
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>أخبار الاختبار</title>'
                f"<link>{base}/</link><description>test</description>{items}</channel></rss>").encode("utf-8")


def _handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", headers=None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            site.requests.append(self.path)
            base = f"http://{self.headers['Host']}"
            if self.path == "/robots.txt":
                return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            if self.path in site.failing:
                return self._send(500, b"internal error")
            if self.path == "/feed.xml":
                etag = f'"v{site.version}"'
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304)
                return self._send(200, site.feed(base), "application/rss+xml",
                                  {"ETag": etag, "Last-Modified": formatdate(usegmt=True)})
            if self.path in site.slow:
                time.sleep(2.5)
            if self.path == "/news/4.html":
                return self._send(200, NO_ARTICLE.encode("utf-8"))
            if self.path in ARTICLES:
                title, text = ARTICLES[self.path]
                page = (f"<html><head><title>{title}</title></head><body><nav><a href='/'>الرئيسية</a></nav>"
                        f"<article><h1>{title}</h1><p>{text}</p></article><footer>جميع الحقوق محفوظة</footer></body></html>")
                return self._send(200, page.encode("utf-8"))
            return self._send(404, b"not found")
    return Handler


@pytest.fixture
def site():
    s = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(s))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    s.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield s
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def polite_for_tests(monkeypatch):
    monkeypatch.setenv("WAQAI_FETCH_TIMEOUT", "1")
    monkeypatch.setenv("WAQAI_FETCH_INTERVAL", "0")
    monkeypatch.setenv("WAQAI_FETCH_RETRIES", "1")
    monkeypatch.setenv("WAQAI_FETCH_RETRY_DELAY", "0")


def _rows(warehouse, sql):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_feeds_file_lists_urls_one_a_line_with_comments(tmp_path):
    listing = tmp_path / "arabic.feeds"
    listing.write_text("# outlets\nhttps://example.org/rss.xml\n\nhttp://example.net/atom  # Atom\n", encoding="utf-8")
    assert feed_urls([str(listing), "https://example.org/rss.xml"]) == ["https://example.org/rss.xml", "http://example.net/atom"]


def test_feed_entries_are_fetched_politely_and_failures_retried_on_the_next_run(prefect_harness, site, polite_for_tests, tmp_path):
    from waqai.flows.pipeline import waqai_run

    warehouse = tmp_path / "feeds.duckdb"
    feed = f"{site.base}/feed.xml"

    first = waqai_run(inputs=[feed], warehouse=str(warehouse))
    assert first["docs_loaded"] == 1
    docs = _rows(warehouse, "select source_uri, published, source, format, text from documents")
    assert [(d[0], str(d[1]), d[2], d[3]) for d in docs] == [(f"{site.base}/news/1.html", "2020-08-06", "أخبار الاختبار", "html")]
    assert "ماكرون" in docs[0][4] and "الرئيسية" not in docs[0][4]  # article text, navigation removed
    rejected = dict((u.removeprefix(site.base), (r, d)) for u, r, d in _rows(
        warehouse, "select source_uri, reason, detail from rejected_documents"))
    assert rejected["/news/2.html"] == ("unreadable", "fetch failed: HTTP 500")
    assert rejected["/news/3.html"][0] == "unreadable" and "no answer within 1 s" in rejected["/news/3.html"][1]
    assert rejected["/news/4.html"][0] == "no_article_text"
    assert "robots.txt" in rejected["/private/5.html"][1]
    assert "/private/5.html" not in site.requests
    assert site.requests.count("/news/2.html") == 2  # one retry of a 500 at the fetch task
    assert _rows(warehouse, "select count(*) from event_mentions")[0][0] >= 1

    # The feed gains an entry and the failing pages recover.
    site.requests.clear()
    site.entries.append("/news/6.html")
    site.version = 2
    site.failing.clear()
    site.slow.clear()
    second = waqai_run(inputs=[feed], warehouse=str(warehouse))
    assert second["docs_loaded"] == 3
    pages = sorted(p for p in site.requests if p.startswith("/news/"))
    assert pages == ["/news/2.html", "/news/3.html", "/news/6.html"]  # not 1 (stored) nor 4 (no article)
    left = {u.removeprefix(site.base) for (u,) in _rows(warehouse, "select source_uri from rejected_documents")}
    assert left == {"/news/4.html", "/private/5.html"}
    assert _rows(warehouse, "select etag, last_status from feeds") == [('"v2"', 200)]

    # Unchanged feed: a conditional GET answered 304, no page requested.
    site.requests.clear()
    third = waqai_run(inputs=[feed], warehouse=str(warehouse))
    assert (third["docs_loaded"], third["feeds_not_modified"]) == (0, 1)
    assert [p for p in site.requests if p != "/robots.txt"] == ["/feed.xml"]
    assert _rows(warehouse, "select last_status from feeds") == [(304,)]


def test_a_feed_that_fails_is_rejected_with_its_reason_and_cleared_when_it_answers(prefect_harness, site, polite_for_tests, tmp_path):
    from waqai.flows.pipeline import waqai_run

    warehouse = tmp_path / "feeds.duckdb"
    feed = f"{site.base}/feed.xml"
    site.failing.add("/feed.xml")
    site.entries = ["/news/6.html"]
    assert waqai_run(inputs=[feed], warehouse=str(warehouse))["docs_loaded"] == 0
    assert _rows(warehouse, "select source_uri, detail from rejected_documents") == [(feed, "fetch failed: HTTP 500")]
    site.failing.clear()
    assert waqai_run(inputs=[feed], warehouse=str(warehouse))["docs_loaded"] == 1
    assert _rows(warehouse, "select count(*) from rejected_documents") == [(0,)]
