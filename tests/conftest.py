"""Shared fixtures: paths to the shared evaluation kit and corpus, a Prefect test harness,
and a warehouse built once from the dev set by the real flow."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DEV_DOCS = SHARED / "eval" / "dev" / "docs"
DEV_GOLD = SHARED / "eval" / "dev" / "gold.jsonl"
SCORER = SHARED / "eval" / "score.py"
CORPUS = SHARED / "corpus" / "arabic_news.jsonl.gz"
SAMPLES = REPO / "samples"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_ok(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared evaluation kit/corpus beside the repo (../shared)")
    return path


def load_scorer():
    spec = importlib.util.spec_from_file_location("waqai_eval_score", need(SCORER))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory):
    """One temporary Prefect API for the whole session (starting one takes ~15 s)."""
    home = tmp_path_factory.mktemp("prefect_home")
    os.environ["PREFECT_HOME"] = str(home)
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def dev_warehouse(prefect_harness, tmp_path_factory) -> Path:
    """The dev set run through the real flow into a real DuckDB file."""
    need(DEV_DOCS)
    from waqai.flows.pipeline import waqai_run

    path = tmp_path_factory.mktemp("dev") / "dev.duckdb"
    waqai_run(inputs=[str(DEV_DOCS)], warehouse=str(path))
    return path


@pytest.fixture(scope="session")
def samples_warehouse(prefect_harness, tmp_path_factory) -> Path:
    from waqai.flows.pipeline import waqai_run

    path = tmp_path_factory.mktemp("samples") / "samples.duckdb"
    waqai_run(inputs=None, warehouse=str(path))
    return path


def wait_for(predicate, timeout: float, what: str) -> None:
    """Poll `predicate` every second until it holds; fail the test after `timeout` seconds."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


class PrefectServer:
    """A real `prefect server start` on a free local port (schedules need one), with the
    environment a client uses to reach it."""

    def __init__(self, tmp_path: Path):
        import subprocess
        import sys

        self.bin = Path(sys.executable).parent
        self.port = free_port()
        self.api = f"http://127.0.0.1:{self.port}/api"
        self.log = tmp_path / "server.log"
        self.env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                    "PREFECT_API_URL": self.api, "PREFECT_LOGGING_LEVEL": "WARNING"}
        self.env.pop("PREFECT_API_KEY", None)
        server_env = {k: v for k, v in self.env.items() if k != "PREFECT_API_URL"}
        self.proc = subprocess.Popen([str(self.bin / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                                     env=server_env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT)
        wait_for(lambda: http_ok(f"{self.api}/health") or self.proc.poll() is not None, 120, "the Prefect server")
        assert self.proc.poll() is None, self.log.read_text()[-3000:]

    def stop(self, *others) -> None:
        import subprocess

        for proc in (*others, self.proc):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
