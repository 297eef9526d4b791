"""One run at a time per warehouse: a second run waits, then says in one line who holds the
lock; a lock left by a killed run is taken over; every run stages in a folder of its own."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crash_helpers import run_env, snapshot
from waqai.flows import runlock

HOLD = """
import sys, time
from pathlib import Path
from waqai.flows import runlock
with runlock.hold(sys.argv[1], sys.argv[2], wait=0):
    runlock.staging_for(sys.argv[1], sys.argv[2]).mkdir(parents=True)
    print("holding", flush=True)
    time.sleep(60)
"""


def _holder(warehouse: Path, run_id: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse), run_id], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_a_second_run_waits_then_names_the_holder_run_pid_and_start_time(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    proc = _holder(warehouse, "r_holder_1")
    try:
        t0 = time.monotonic()
        with pytest.raises(runlock.RunLocked) as caught:
            with runlock.hold(warehouse, "r_second", wait=0.6):
                pass
        assert time.monotonic() - t0 >= 0.5
        message = str(caught.value)
        assert "\n" not in message
        assert "r_holder_1" in message and f"pid {proc.pid}" in message and "started 20" in message
    finally:
        proc.kill()
        proc.wait()


def test_a_lock_left_by_a_killed_run_is_taken_over_and_its_staging_removed(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    proc = _holder(warehouse, "r_killed")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert runlock.read_holder(warehouse).run_id == "r_killed"  # its sidecar is still there
    assert runlock.staging_for(warehouse, "r_killed").exists()
    with runlock.hold(warehouse, "r_next", wait=0) as holder:
        assert holder.run_id == "r_next" and holder.pid == os.getpid()
        assert runlock.read_holder(warehouse) == holder
        assert not runlock.staging_for(warehouse, "r_killed").exists()
    assert runlock.read_holder(warehouse) is None


def test_the_lock_is_reentrant_in_one_process_and_runs_stage_apart(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with runlock.hold(warehouse, "r_outer", wait=0) as outer:
        with runlock.hold(warehouse, "r_inner", wait=0) as inner:
            assert inner == outer  # the flow inside the CLI runs under the CLI's run id
        assert runlock.read_holder(warehouse) == outer
    assert runlock.staging_for(warehouse, "r_a") != runlock.staging_for(warehouse, "r_b")


@pytest.mark.slow  # three real runs
def test_two_concurrent_real_runs_one_completes_the_other_waits_or_says_who_holds_it(tmp_path):
    from waqai.flows.pipeline import SAMPLES_DIR

    env = run_env(tmp_path)
    waqai = str(Path(sys.executable).parent / "waqai")
    warehouse, reference = tmp_path / "w.duckdb", tmp_path / "ref.duckdb"
    cmd = [waqai, "run", "--input", str(SAMPLES_DIR), "--wait", "0"]
    first = subprocess.Popen(cmd + ["-w", str(warehouse)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(2)
    second = subprocess.run(cmd + ["-w", str(warehouse)], capture_output=True, text=True, env=env)
    out, err = first.communicate()
    assert first.returncode == 0, err[-2000:]
    if second.returncode != 0:  # it found the lock held (the normal case)
        assert second.returncode == 75
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in second.stderr, second.stderr
        assert "busy" in lines[0] and "pid" in lines[0] and "started" in lines[0]
    assert subprocess.run(cmd + ["-w", str(reference)], capture_output=True, env=env).returncode == 0
    assert snapshot(warehouse) == snapshot(reference)
    assert not runlock.staging_root(warehouse).exists()
