"""`waqai run` is a Prefect flow run where something records it (a server, --prefect, Dask) and
the same functions called directly otherwise, without Prefect's temporary API."""
import os
import subprocess
import sys

import duckdb
import pytest

from conftest import REPO, SAMPLES
from waqai.flows.orchestration import with_retries


def _run(tmp_path, *extra):
    # A clean Prefect setting, whatever earlier tests of this session left in the environment
    # (a harness's API URL or database): as on a machine with no server configured.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_LOGGING_LEVEL="WARNING")
    warehouse = tmp_path / "w" / "waqai.duckdb"
    out = subprocess.run([sys.executable, "-m", "waqai.flows.cli", "run", "-i", str(SAMPLES / "ar"), "-w", str(warehouse),
                          *extra], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute("select flow_run_id from runs").fetchall(), env["PREFECT_HOME"]
    finally:
        con.close()


def test_a_run_without_a_server_does_not_start_prefects_temporary_api(tmp_path):
    runs, home = _run(tmp_path)
    assert runs == [(None,)]
    assert not os.path.exists(os.path.join(home, "waqai-temporary-api.log"))


@pytest.mark.slow
def test_with_the_prefect_flag_the_run_is_a_flow_run(tmp_path):
    runs, home = _run(tmp_path, "--prefect")
    assert len(runs) == 1 and runs[0][0] is not None


def test_a_direct_run_retries_io_as_the_task_says():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) < 3:
            raise OSError("disk busy")
        return "ok"

    assert with_retries(flaky, 2, [0, 0]) == "ok" and len(calls) == 3


def test_a_direct_run_gives_up_after_the_last_retry():
    def broken():
        raise OSError("gone")

    with pytest.raises(OSError):
        with_retries(broken, 1, 0)


def test_a_failure_that_is_not_transient_is_not_retried():
    calls = []

    def refused():
        calls.append(1)
        raise ValueError("404")

    with pytest.raises(ValueError):
        with_retries(refused, 3, 0, retry_if=lambda exc: not isinstance(exc, ValueError))
    assert len(calls) == 1
