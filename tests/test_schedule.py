"""`waqai serve` really runs the flow on a schedule against a real Prefect server."""
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import SAMPLES, free_port, http_ok

BIN = Path(sys.executable).parent




def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")




@pytest.mark.slow
def test_an_interval_schedule_runs_the_flow(tmp_path):
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_API_URL": api, "PREFECT_LOGGING_LEVEL": "WARNING"}
    env.pop("PREFECT_API_KEY", None)
    server_env = {k: v for k, v in env.items() if k != "PREFECT_API_URL"}
    server = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=server_env, stdout=open(tmp_path / "server.log", "w"), stderr=subprocess.STDOUT)
    serve = None
    warehouse = tmp_path / "scheduled.duckdb"
    try:
        _wait(lambda: http_ok(f"{api}/health") or server.poll() is not None, 120, "the Prefect server")
        assert server.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
        serve = subprocess.Popen([str(BIN / "waqai"), "serve", "--interval", "5", "--input", str(SAMPLES / "ar"),
                                  "--warehouse", str(warehouse)],
                                 env=env, stdout=open(tmp_path / "serve.log", "w"), stderr=subprocess.STDOUT)

        def ran_twice():
            if not warehouse.exists():
                return False
            try:
                con = duckdb.connect(str(warehouse), read_only=True)
                n = con.execute("select count(*) from runs where status = 'succeeded' and flow_run_id is not null").fetchone()[0]
                con.close()
                return n >= 2
            except duckdb.Error:
                return False

        _wait(lambda: ran_twice() or serve.poll() is not None, 180, "two scheduled runs")
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        con = duckdb.connect(str(warehouse), read_only=True)
        assert con.execute("select count(*) from documents").fetchone()[0] == len(list((SAMPLES / "ar").glob("*.txt")))
        con.close()
    finally:
        for proc in (serve, server):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
