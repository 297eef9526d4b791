"""`waqai serve` against a real Prefect server, reading a news feed from a local HTTP server:
each scheduled run fetches what the feed gained since the last one, and nothing twice."""
import subprocess

import duckdb
import pytest

from conftest import PrefectServer, wait_for
from test_feeds import site  # noqa: F401  (the local feed server fixture)


def _count(warehouse, sql) -> int:
    if not warehouse.exists():
        return -1
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return con.execute(sql).fetchall()[0][0]
        finally:
            con.close()
    except duckdb.Error:
        return -1


@pytest.mark.slow
def test_a_scheduled_run_picks_up_new_feed_entries_each_interval(site, tmp_path):  # noqa: F811
    server = PrefectServer(tmp_path)
    env = {**server.env, "WAQAI_FETCH_TIMEOUT": "1", "WAQAI_FETCH_INTERVAL": "0", "WAQAI_FETCH_RETRIES": "1",
           "WAQAI_FETCH_RETRY_DELAY": "0"}
    warehouse = tmp_path / "feeds.duckdb"
    serve = None
    try:
        serve = subprocess.Popen([str(server.bin / "waqai"), "serve", "--interval", "5", "--input", f"{site.base}/feed.xml",
                                  "--warehouse", str(warehouse)],
                                 env=env, stdout=open(tmp_path / "serve.log", "w"), stderr=subprocess.STDOUT)
        runs = "select count(*) from runs where status = 'succeeded' and flow_run_id is not null"
        docs = "select count(*) from documents"
        # The first scheduled run loads the one good page of the feed.
        wait_for(lambda: _count(warehouse, docs) >= 1 or serve.poll() is not None, 240, "a first scheduled run")
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        assert _count(warehouse, docs) == 1
        assert "/news/6.html" not in site.requests
        # The feed gains an entry: a later scheduled run fetches it, without a manual run.
        site.entries.append("/news/6.html")
        site.version = 2
        wait_for(lambda: _count(warehouse, docs) >= 2 or serve.poll() is not None, 240, "the new entry")
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        assert _count(warehouse, runs) >= 2
        assert site.requests.count("/news/1.html") == 1  # the page already loaded is never fetched again
        assert _count(warehouse, "select count(*) from event_mentions where actor_code = 'SAU' and target_code = 'EGY'") >= 1
    finally:
        server.stop(serve)
