"""Ctrl-C (SIGINT to the whole process group, as a terminal sends it) and SIGTERM (to the run's
process, as `kill` or a service manager sends it) at random moments of real runs: one line,
exit 130/143, no staging left, the published warehouse a complete run, and the next run
completes the work."""
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crash_helpers import run_env, snapshot
from waqai.flows import runlock
from waqai.flows.pipeline import SAMPLES_DIR

INTERRUPTS = 10
WAQAI = str(Path(sys.executable).parent / "waqai")


def _start(warehouse: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([WAQAI, "run", "--input", str(SAMPLES_DIR), "-w", str(warehouse), "--wait", "30"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)


@pytest.mark.slow
# Known flaw, left open in issue 16: a SIGTERM that lands inside a Prefect task makes Prefect
# log its own "Crash detected!" lines before our one-line message, and one interrupt in a run
# of ten was seen to exit 130 with no line at all. Exit codes, staging, the lock and
# convergence held in every run seen; the one-line contract does not hold every time yet.
@pytest.mark.xfail(strict=False, reason="Prefect's crash log on SIGTERM inside a task (issue 16, open)")
def test_ten_interrupts_at_random_moments_stop_cleanly_and_the_next_run_converges(tmp_path):
    rng = random.Random(16)
    env = run_env(tmp_path)
    reference = tmp_path / "reference.duckdb"
    t0 = time.monotonic()
    proc = _start(reference, env)
    assert proc.wait() == 0, proc.stderr.read()[-2000:]
    duration = time.monotonic() - t0
    expected = snapshot(reference)

    warehouse = tmp_path / "w.duckdb"
    interrupted = 0
    for i in range(INTERRUPTS):
        sig = signal.SIGINT if i % 2 == 0 else signal.SIGTERM
        proc = _start(warehouse, env)
        time.sleep(rng.uniform(0.5, duration))
        if sig == signal.SIGINT:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        out, err = proc.communicate(timeout=60)
        if proc.returncode == 0:
            continue  # finished before the signal came
        interrupted += 1
        assert proc.returncode == 128 + sig, (proc.returncode, err[-2000:])
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1 and "Traceback" not in err, err[-2000:]
        assert lines[0].startswith("waqai: interrupted; published warehouse ") and str(warehouse) in lines[0]
        assert not runlock.staging_root(warehouse).exists()
        assert runlock.read_holder(warehouse) is None
        if warehouse.exists():
            assert snapshot(warehouse) == expected
        if i % 4 == 3:
            proc = _start(warehouse, env)
            assert proc.wait() == 0, proc.stderr.read()[-2000:]
            assert snapshot(warehouse) == expected
    proc = _start(warehouse, env)
    assert proc.wait() == 0, proc.stderr.read()[-2000:]
    assert snapshot(warehouse) == expected
    print(f"interrupted {interrupted} of {INTERRUPTS} runs")
    assert interrupted >= INTERRUPTS // 2
