"""Throughput benchmark: the real flow on the main corpus, next to two floors measured in
the same run.

    .venv/bin/python benchmarks/throughput.py [--corpus ../shared/corpus/arabic_news.jsonl.gz]

Prints articles/s per stage (ingest, extract, load, publish) and end to end (wall clock,
including the flow's start), peak memory of the run's process tree, the time of a re-run with
nothing new, single-core extraction speed, memory at half and full corpus size, and the two
references: reading + parsing the corpus (the I/O floor) and one compiled regular expression
over all its text (the regex floor), with our ratio to each. Plain Python, no pytest timing.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "arabic_news.jsonl.gz"

RUN_FLOW = r"""
import json, sys, time
t0 = time.perf_counter()
import os
from waqai.flows.orchestration import orchestrated
from waqai.flows.pipeline import waqai_run
# As `waqai run` does: a Prefect flow run where a server or --prefect asks for one, else direct.
flow = waqai_run if orchestrated(os.environ.get("WAQAI_PREFECT", "").lower() in ("1", "true", "yes")) else waqai_run.fn
result = flow(inputs=sys.argv[1:-1], warehouse=sys.argv[-1])
result = dict((k, result[k]) for k in ("docs_seen", "docs_loaded", "docs_extracted", "mentions_loaded", "files_unchanged", "seconds"))
result["in_process_s"] = time.perf_counter() - t0
print("RESULT " + json.dumps(result, default=str))
"""


def read_parse_floor(corpus: Path) -> tuple[int, float, list[str]]:
    t0 = time.perf_counter()
    texts = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
    return len(texts), time.perf_counter() - t0, texts


def regex_floor(texts: list[str]) -> float:
    rx = re.compile(r"(?<!\w)(?:زار|زيار\w*|صفق\w*|نشر)(?!\w)")
    t0 = time.perf_counter()
    n = sum(1 for t in texts for _ in rx.finditer(t))
    assert n >= 0
    return time.perf_counter() - t0


def single_core_extraction(corpus: Path, limit: int = 3000, rounds: int = 3) -> tuple[float, float]:
    """Articles per second of extract_document in this process on the first `limit` articles,
    the best of `rounds` passes (this shared machine's neighbours slow single passes down),
    after `warm_up` (lexicons and patterns, timed apart: a worker pays it once)."""
    sys.path.insert(0, str(REPO))
    from waqai.transforms.extract import extract_document, extraction_version, warm_up

    docs = []
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            r = json.loads(line)
            docs.append((r["id"], r["text"], dt.date.fromisoformat(r["published"][:10]) if r.get("published") else None))
    warm = warm_up()
    version = extraction_version()
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for doc_id, text, published in docs:
            extract_document(doc_id, text, published, version)
        best = min(best, time.perf_counter() - t0)
    return len(docs) / best, warm


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            with open(f"/proc/{entry}/statm") as fh:
                rss[int(entry)] = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


def run_flow(corpus: Path | list[Path], warehouse: Path) -> tuple[dict, float, int]:
    """The real flow in a fresh process: (its result, wall seconds, peak tree RSS in KB)."""
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    inputs = [str(c) for c in (corpus if isinstance(corpus, list) else [corpus])]
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", RUN_FLOW, *inputs, str(warehouse)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], tree_rss_kb(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    line = next((ln for ln in out.splitlines() if ln.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"flow failed (exit {proc.returncode}):\n{out[-3000:]}")
    return json.loads(line[len("RESULT "):]), wall, peak[0]


def rerun_cli(corpus: Path, warehouse: Path) -> tuple[dict, float]:
    """`waqai run` as cron would call it, on inputs already read: (what it printed, wall seconds)."""
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", "from waqai.flows.cli import app; app()", "run", "-i", str(corpus),
                          "-w", str(warehouse)], cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"waqai run failed (exit {out.returncode}):\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    found = dict(re.findall(r"^(input files unchanged since last read|documents loaded \(new\))\s+(\d+)", out.stdout, re.M))
    return {"files_unchanged": int(found.get("input files unchanged since last read", 0)),
            "docs_loaded": int(found.get("documents loaded (new)", 0))}, wall


def half_corpus(corpus: Path, folder: Path) -> Path:
    path = folder / "half.jsonl.gz"
    with gzip.open(corpus, "rt", encoding="utf-8") as src, gzip.open(path, "wt", encoding="utf-8") as dst:
        lines = src.readlines()
        dst.writelines(lines[: len(lines) // 2])
    return path


def synthetic_archive(corpus: Path, path: Path, copies: int, suffix: str = "", limit: int | None = None) -> int:
    """`copies` times the corpus (or its first `limit` articles), each copy's texts made unique by
    a numbered closing line (so each is a new document, as a growing archive's are)."""
    n = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as dst:
        for k in range(copies):
            with gzip.open(corpus, "rt", encoding="utf-8") as src:
                for i, line in enumerate(src):
                    if limit is not None and i >= limit:
                        break
                    r = json.loads(line)
                    r["id"] = f"{r.get('id', i)}-{suffix}{k}"
                    r["text"] = f"{r['text']}\n\n(نسخة {suffix}{k})"
                    dst.write(json.dumps(r, ensure_ascii=False) + "\n")
                    n += 1
    return n


def scale_mode(corpus: Path, factor: int, new: int) -> None:
    """An incremental run of `new` articles into a warehouse of 1x and of `factor`x the corpus:
    per-stage seconds at both sizes and their ratio."""
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fresh = tmp / "new.jsonl.gz"
        synthetic_archive(corpus, fresh, 1, suffix="new", limit=new)
        for size in (1, factor):
            archive = tmp / f"archive-{size}x.jsonl.gz"
            n = synthetic_archive(corpus, archive, size)
            warehouse = tmp / f"w{size}" / "waqai.duckdb"
            _, build_wall, build_peak = run_flow(archive, warehouse)
            result, wall, peak = run_flow([archive, fresh], warehouse)
            rows[size] = (n, result, wall, peak, build_wall, build_peak)
            shutil.rmtree(warehouse.parent)
            archive.unlink()
    print(f"\nincremental run of {new} new articles into an archive of 1x and {factor}x the corpus\n")
    print(f"{'stage':28} {'1x':>8} {f'{factor}x':>8} {'ratio':>7}")
    stages = ["ingest", "extract", "load", "publish"]
    for stage in stages + ["wall"]:
        a, b = ((r[1]["seconds"].get(stage, 0.0) if stage != "wall" else r[2]) for r in (rows[1], rows[factor]))
        print(f"{stage:28} {a:8.2f} {b:8.2f} {b / a if a else float('inf'):7.2f}")
    for size in (1, factor):
        n, result, wall, peak, build_wall, build_peak = rows[size]
        print(f"{size}x: {n:,} articles in the archive (built in {build_wall:.1f} s, peak RSS {build_peak / 1024 / 1024:.2f} GB); "
              f"the run loaded {result['docs_loaded']} (peak RSS {peak / 1024 / 1024:.2f} GB)")
    ratio = rows[factor][2] / rows[1][2]
    print(f"\ntarget {'met ' if ratio <= 1.5 else 'MISSED'}  incremental run at {factor}x <= 1.5x its cost at 1x ({ratio:.2f}x)")
    print(f"target {'met ' if rows[1][2] <= 8 else 'MISSED'}  {new} new articles into the corpus warehouse <= 8 s wall "
          f"({rows[1][2]:.1f} s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--skip-half", action="store_true", help="skip the half-corpus memory run")
    ap.add_argument("--scale", type=int, default=0, metavar="N",
                    help="scale mode: an incremental run of --new articles into archives of 1x and Nx the corpus")
    ap.add_argument("--new", type=int, default=200, help="new articles of the scale mode's incremental run")
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"corpus not found: {args.corpus}")
    if args.scale:
        scale_mode(args.corpus, args.scale, args.new)
        return

    n, t_read, texts = read_parse_floor(args.corpus)
    t_regex = regex_floor(texts)
    del texts
    per_core, warm = single_core_extraction(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        result, wall, peak_kb = run_flow(args.corpus, tmp / "bench.duckdb")
        rerun, rerun_wall = rerun_cli(args.corpus, tmp / "bench.duckdb")
        half_peak = None
        if not args.skip_half:
            _, _, half_peak = run_flow(half_corpus(args.corpus, tmp), tmp / "half.duckdb")

    s = result["seconds"]
    rows = [
        ("ingest (read, parse, stage)", result["docs_seen"], s["ingest"]),
        (f"extract ({os.cpu_count()} processes)", result["docs_extracted"], s["extract"]),
        ("load (one DuckDB transaction)", result["docs_loaded"], s["load"]),
        ("publish (v1.0.0 copy + rename)", result["docs_loaded"], s["publish"]),
        ("end to end, wall incl. flow start", n, wall),
    ]
    print(f"\ncorpus: {args.corpus.name}, {n:,} articles, {os.cpu_count()} cores\n")
    print(f"{'stage':38} {'seconds':>8} {'articles/s':>11}")
    for name, docs, secs in rows:
        print(f"{name:38} {secs:8.2f} {docs / secs if secs else float('inf'):11,.0f}")
    print(f"{'flow start + bookkeeping (rest)':38} {wall - sum(s.values()):8.2f}")
    print()
    print(f"single-core extraction (in process):   {per_core:,.0f} articles/s per core (best of 3 passes over 3,000;"
          f" warm-up {warm:.1f} s once per process)")
    print(f"peak RSS of the run's process tree:    {peak_kb / 1024 / 1024:.2f} GB"
          + (f" (half corpus: {half_peak / 1024 / 1024:.2f} GB)" if half_peak else ""))
    print(f"re-run with nothing new:               {rerun_wall:.2f} s wall (files unchanged "
          f"{rerun.get('files_unchanged', 0)}, documents loaded {rerun['docs_loaded']})")
    print(f"mentions written: {result['mentions_loaded']:,}")
    print()
    print(f"reference: read + parse floor          {t_read:6.2f} s = {n / t_read:9,.0f} articles/s; "
          f"end to end is {wall / t_read:5.1f}x the floor")
    print(f"reference: one compiled regex floor    {t_regex:6.2f} s = {n / t_regex:9,.0f} articles/s; "
          f"extraction is {s['extract'] / t_regex:5.1f}x the floor")
    targets = [
        ("whole corpus <= 25 s wall incl. flow start", wall <= 25),
        ("extraction >= 1,500 articles/s per core", per_core >= 1500),
        ("re-run with nothing new <= 4 s (waqai run)", rerun_wall <= 4),
        ("peak RSS <= 1.5 GB", peak_kb <= 1.5 * 1024 * 1024),
    ]
    print()
    for name, ok in targets:
        print(f"target {'met ' if ok else 'MISSED'}  {name}")


if __name__ == "__main__":
    main()
