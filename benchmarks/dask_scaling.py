"""Dask scale-out: the corpus run through `waqai run --dask-address` against a local cluster of
1 and of 2 single-threaded worker processes, next to a local run (no Dask).

    .venv/bin/python benchmarks/dask_scaling.py [--corpus ../shared/corpus/arabic_news.jsonl.gz]

Prints, per setting, the wall time of the run (flow start included) and the seconds of each
stage as the flow reports them, and the speed-up of 2 workers over 1. The workers import
`waqai` from this checkout and read the staging folder beside the warehouse, as a cluster on a
shared volume would. Plain Python, no pytest timing; needs the `dask` extra
(`pip install -e '.[dask]'`).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "arabic_news.jsonl.gz"

RUN_FLOW = r"""
import json, sys
from waqai.flows.pipeline import waqai_run
address = sys.argv[3]
flow = waqai_run
if address:
    from prefect_dask import DaskTaskRunner
    flow = waqai_run.with_options(task_runner=DaskTaskRunner(address=address))
result = flow(inputs=[sys.argv[1]], warehouse=sys.argv[2], on_cluster=bool(address))
print("RESULT " + json.dumps({k: result[k] for k in ("docs_loaded", "mentions_loaded", "seconds")}, default=str))
"""


def run(corpus: Path, warehouse: Path, address: str = "") -> tuple[dict, float]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", RUN_FLOW, str(corpus), str(warehouse), address],
                         cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if out.returncode != 0 or line is None:
        raise SystemExit(f"flow failed (exit {out.returncode}):\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    return json.loads(line[len("RESULT "):]), wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    from distributed import LocalCluster

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        result, wall = run(args.corpus, tmp / "local" / "w.duckdb")
        rows.append(("local (worker processes)", result, wall))
        for workers in (1, 2):
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                result, wall = run(args.corpus, tmp / f"dask{workers}" / "w.duckdb", cluster.scheduler_address)
            rows.append((f"dask, {workers} worker{'s' if workers > 1 else ''}", result, wall))
    print(f"\ncorpus: {args.corpus.name}\n")
    print(f"{'setting':26} {'wall s':>8} {'extract s':>10} {'mentions':>9}")
    for name, result, wall in rows:
        print(f"{name:26} {wall:8.1f} {result['seconds'].get('extract', 0.0):10.1f} {result['mentions_loaded']:9,}")
    one, two = rows[1], rows[2]
    print(f"\n2 workers over 1: wall {one[2] / two[2]:.2f}x, extraction "
          f"{one[1]['seconds'].get('extract', 0) / max(two[1]['seconds'].get('extract', 0), 1e-9):.2f}x")


if __name__ == "__main__":
    main()
