"""Readers are never blocked: a second process opens the published warehouse read-only in a
loop while five runs write; it sees no error, and every count it sees is the count after some
complete run."""
import json
import subprocess
import sys
import time

import pytest

from crash_helpers import corpus_slice, run_env, snapshot, start_run

READER = r'''
import json, sys, time, pathlib, duckdb
path, out, stop = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
with open(out, "w") as fh:
    while not stop.exists():
        if not pathlib.Path(path).exists():
            time.sleep(0.01)
            continue
        try:
            con = duckdb.connect(path, read_only=True)
            n = con.execute("select count(*) from documents").fetchone()[0]
            m = con.execute("select count(*) from mentions").fetchone()[0]
            con.close()
            fh.write(json.dumps({"documents": n, "mentions": m}) + "\n")
        except Exception as exc:
            fh.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
'''


@pytest.mark.slow
def test_a_reader_in_a_loop_during_five_runs(tmp_path):
    env = run_env(tmp_path)
    slices = [corpus_slice(tmp_path / f"part{i}.jsonl.gz", i * 300, 300) for i in range(5)]
    warehouse = tmp_path / "w.duckdb"
    stop = tmp_path / "stop"
    out = tmp_path / "reader.jsonl"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(out), str(stop)])
    after_runs = []
    try:
        for k in range(1, 6):
            run = start_run(slices[:k], warehouse, tmp_path / "runs.log", env)
            assert run.wait() == 0, (tmp_path / "runs.log").read_text()[-2000:]
            snap = snapshot(warehouse)
            after_runs.append((snap["documents"][0], snap["mentions"][0]))
        time.sleep(0.5)
    finally:
        stop.touch()
        reader.wait(timeout=30)
    seen = [json.loads(line) for line in out.read_text().splitlines()]
    errors = [s for s in seen if "error" in s]
    print(f"reader queries during runs: {len(seen)}, errors: {len(errors)}")
    assert not errors, errors[:3]
    assert len(seen) > 50
    allowed = set(after_runs)
    assert {(s["documents"], s["mentions"]) for s in seen} <= allowed
    assert [d for d, _ in after_runs] == sorted(d for d, _ in after_runs)
