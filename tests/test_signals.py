"""Ctrl-C (SIGINT to the whole process group, as a terminal sends it) and SIGTERM (to the run's
process, as `kill` or a service manager sends it) at random moments of real runs: one line,
exit 130/143, no staging left, the published warehouse a complete run, and the next run
completes the work.

Moments include the first half second, while Python still imports the CLI and Prefect (a SIGINT
there used to end in typer's silent exit 130, a SIGTERM in a kill with no line), the whole
Prefect flow run, where Prefect's engine used to put its own SIGTERM handler and its "Crash
detected!" lines before ours, and the end: publishing, the summary, the process's exit. The first ~0.1 s, before the CLI module's first line runs, is
beyond any handler (see flows/interrupts.py)."""
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
EARLY = (0.25, 0.6)  # seconds after start: the CLI's and Prefect's imports, before the flow
GROUP = 4  # interrupts on one warehouse before the run that must complete it; then a fresh one
WAQAI = str(Path(sys.executable).parent / "waqai")


def _start(warehouse: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen([WAQAI, "run", "--input", str(SAMPLES_DIR), "-w", str(warehouse), "--wait", "30"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)


@pytest.mark.slow
def test_ten_interrupts_at_random_moments_stop_cleanly_and_the_next_run_converges(tmp_path):
    rng = random.Random(16)
    env = run_env(tmp_path)
    # A first run creates Prefect's database; the second one times a run as the others go.
    assert _start(tmp_path / "warm-up.duckdb", env).wait() == 0
    reference = tmp_path / "reference.duckdb"
    t0 = time.monotonic()
    proc = _start(reference, env)
    assert proc.wait() == 0, proc.stderr.read()[-2000:]
    duration = time.monotonic() - t0
    expected = snapshot(reference)

    interrupted = 0
    for i in range(INTERRUPTS):
        # A fresh warehouse for each group, so every interrupt meets a run with work to do.
        warehouse = tmp_path / f"w{i // GROUP}.duckdb"
        sig = signal.SIGINT if i % 2 == 0 else signal.SIGTERM
        proc = _start(warehouse, env)
        # Early (imports), anywhere in the run, or late: loading, publishing, the summary, the exit.
        delay = [rng.uniform(*EARLY), rng.uniform(EARLY[1], duration), rng.uniform(0, 2)][i % 3]
        if i % 3 == 2:
            for line in proc.stdout:  # progress lines: extraction is the last stage that reports
                if line.startswith("extracted"):
                    break
        time.sleep(delay)
        try:
            if sig == signal.SIGINT:
                os.killpg(proc.pid, sig)
            else:
                os.kill(proc.pid, sig)
        except ProcessLookupError:
            pass  # it had finished
        out, err = proc.communicate(timeout=60)
        when = f"{delay:.2f} s" + (" past extraction" if i % 3 == 2 else f" of {duration:.1f}")
        print(f"interrupt {i}: {sig.name} after {when} -> exit {proc.returncode}: {err.strip()[-300:]}")
        if proc.returncode != 0:  # 0: finished before the signal came
            interrupted += 1
            assert proc.returncode == 128 + sig, (i, delay, proc.returncode, err[-2000:], out[-2000:])
            lines = [ln for ln in err.splitlines() if ln.strip()]
            assert len(lines) == 1 and "Traceback" not in err, err[-2000:]
            assert lines[0].startswith("waqai: interrupted; published warehouse ") and str(warehouse) in lines[0]
            assert ("not created yet" in lines[0]) == (not warehouse.exists()), lines[0]
            assert not runlock.staging_root(warehouse).exists()
            assert runlock.read_holder(warehouse) is None
            if warehouse.exists():
                assert snapshot(warehouse) == expected
        if i % GROUP == GROUP - 1 or i == INTERRUPTS - 1:
            proc = _start(warehouse, env)
            assert proc.wait() == 0, proc.stderr.read()[-2000:]
            assert snapshot(warehouse) == expected
    print(f"interrupted {interrupted} of {INTERRUPTS} runs")
    assert interrupted >= INTERRUPTS // 2
