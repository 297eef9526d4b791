"""Helpers for the crash and concurrency tests: corpus slices, real `waqai run` processes,
and snapshots of the warehouse that ignore run bookkeeping."""
from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from conftest import CORPUS, need

BIN = Path(sys.executable).parent
# What a run stores, without the columns that name the run that stored it.
SNAPSHOT = {
    "documents": "select * exclude (loaded_run_id) from documents",
    "mentions": "select * from mentions",
    "event_members": "select * exclude (run_id) from event_members",
    "rejected_documents": "select * exclude (run_id) from rejected_documents",
}


def corpus_slice(path: Path, start: int, count: int) -> Path:
    need(CORPUS)
    with gzip.open(CORPUS, "rt", encoding="utf-8") as src, gzip.open(path, "wt", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= start + count:
                break
            if i >= start:
                dst.write(line)
    return path


def start_run(inputs: list[Path], warehouse: Path, log: Path, env: dict) -> subprocess.Popen:
    """`waqai run` in its own process group, so a kill also reaches Prefect's API server."""
    cmd = [str(BIN / "waqai"), "run", "--warehouse", str(warehouse)]
    for p in inputs:
        cmd += ["--input", str(p)]
    return subprocess.Popen(cmd, stdout=open(log, "a"), stderr=subprocess.STDOUT, env=env, start_new_session=True)


def kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def snapshot(path: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"select count(*), md5(coalesce(string_agg(x::varchar, '|' order by x::varchar), '')) "
                               f"from ({q}) x").fetchone() for t, q in SNAPSHOT.items()}
    finally:
        con.close()


def run_env(tmp: Path) -> dict:
    env = {**os.environ, "PREFECT_HOME": str(tmp / "prefect_home"), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "WARNING"}
    for k in ("PREFECT_API_URL", "PREFECT_API_KEY"):
        env.pop(k, None)
    return env
