"""`waqai serve` really runs the flow on a schedule against a real Prefect server."""
import subprocess

import duckdb
import pytest

from conftest import SAMPLES, PrefectServer, wait_for


@pytest.mark.slow
def test_an_interval_schedule_runs_the_flow(tmp_path):
    server = PrefectServer(tmp_path)
    serve = None
    warehouse = tmp_path / "scheduled.duckdb"
    try:
        serve = subprocess.Popen([str(server.bin / "waqai"), "serve", "--interval", "5", "--input", str(SAMPLES / "ar"),
                                  "--warehouse", str(warehouse)],
                                 env=server.env, stdout=open(tmp_path / "serve.log", "w"), stderr=subprocess.STDOUT)

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

        wait_for(lambda: ran_twice() or serve.poll() is not None, 240, "two scheduled runs")
        assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
        con = duckdb.connect(str(warehouse), read_only=True)
        assert con.execute("select count(*) from documents").fetchone()[0] == len(list((SAMPLES / "ar").glob("*.txt")))
        con.close()
    finally:
        server.stop(serve)
