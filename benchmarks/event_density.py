"""Event density: are trips counted once? Events per (type, dyad, month) over the corpus.

    .venv/bin/python benchmarks/event_density.py                       # builds a warehouse of the corpus
    .venv/bin/python benchmarks/event_density.py --warehouse w.duckdb  # or reads one already built

One real trip reported by many articles should be one event, so a (visit, dyad, month) with
many events points at split trips (or at several real trips: read the rows). Prints the top
(type, dyad, month) cells by events, how many (visit, dyad, month) cells hold more than 3
events, and the events by type; `--reasons` adds how mentions joined their events and the
merge rules used. A month is that of the event's own date; undated events count in the month
they were first reported.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "arabic_news.jsonl.gz"

CELLS = """
    select event_type, actor_code, target_code,
           strftime(coalesce(event_date, first_reported), '%Y-%m') as month,
           count(*) as n_events, sum(n_mentions) as n_mentions, sum(n_documents) as n_documents,
           count(*) filter (where event_date is null) as n_undated
    from events
    group by all
"""


def build(corpus: Path, warehouse: Path) -> None:
    subprocess.run([str(REPO / ".venv" / "bin" / "waqai"), "run", "--input", str(corpus), "--warehouse", str(warehouse)],
                   check=True, stdout=subprocess.DEVNULL)


def report(warehouse: Path, top: int, reasons: bool) -> None:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        print(f"warehouse {warehouse}")
        for t, n_events, n_mentions in con.execute(
                "select event_type, count(*), sum(n_mentions) from events group by 1 order by 1").fetchall():
            print(f"  {t:20} {n_events:6} events from {n_mentions:6} mentions")
        print(f"\ntop {top} (type, dyad, month) by events")
        print(f"  {'type':20} {'dyad':9} {'month':8} {'events':>6} {'mentions':>8} {'docs':>5} {'undated':>7}")
        for t, a, b, month, n, m, d, u in con.execute(f"{CELLS} order by n_events desc, n_mentions desc, event_type, actor_code, target_code, month limit ?",
                                                         [top]).fetchall():
            print(f"  {t:20} {a + '→' + b:9} {month:8} {n:6} {m:8} {d:5} {u:7}")
        over = con.execute(f"select count(*) from ({CELLS}) where event_type = 'visit' and n_events > 3").fetchone()[0]
        cells = con.execute(f"select count(*) from ({CELLS}) where event_type = 'visit'").fetchone()[0]
        print(f"\n(visit, dyad, month) with more than 3 events: {over} of {cells}")
        if reasons:
            print("\nhow mentions joined their events")
            for r, n in con.execute("select coalesce(join_reason, '(not recorded)'), count(*) from event_members "
                                    "group by 1 order by 2 desc").fetchall():
                print(f"  {r:30} {n:6}")
            print("merges")
            for r, n in con.execute("select coalesce(rule_id, '(not recorded)'), count(*) from event_merges "
                                    "group by 1 order by 2 desc").fetchall():
                print(f"  {r:30} {n:6}")
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", type=Path, help="a warehouse already built (else one is built in a temporary folder)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--reasons", action="store_true", help="also print join reasons and merge rules")
    args = ap.parse_args()
    if args.warehouse:
        report(args.warehouse, args.top, args.reasons)
        return
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "corpus.duckdb"
        build(args.corpus, warehouse)
        report(warehouse, args.top, args.reasons)


if __name__ == "__main__":
    main()
