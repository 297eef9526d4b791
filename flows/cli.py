"""`waqai`: run the pipeline, query the warehouse, serve scheduled runs, debug dates."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import sys
import time
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Waqai (وقائع): dated, coded international-relations events from Arabic news.")
console = Console()
DEFAULT_WAREHOUSE = Path("warehouse") / "waqai.duckdb"


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _quiet_prefect(verbose: bool) -> None:
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_LEVEL", "WARNING")


@app.command()
def run(
    input: Optional[List[Path]] = typer.Option(None, "--input", "-i", help="File or folder (repeatable). Default: the shipped samples."),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w", help="Published DuckDB file."),
    batch_size: int = typer.Option(500, help="Documents per task."),
    max_bytes: int = typer.Option(10 * 1024 * 1024, help="Largest single file (or JSONL record text) accepted, in bytes."),
    workers: int = typer.Option(0, help="Extraction processes on this machine (0: one per core)."),
    dask_address: Optional[str] = typer.Option(None, envvar="WAQAI_DASK_ADDRESS",
                                               help="Run extraction batches on this Dask scheduler (tcp://host:8786)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Prefect's logs."),
) -> None:
    """Ingest articles, extract events, load them into the warehouse and publish it."""
    _quiet_prefect(verbose)
    from waqai.flows import pipeline

    for p in input or []:
        if not p.exists():
            console.print(f"[red]input not found:[/red] {p}")
            raise typer.Exit(2)
    started = time.monotonic()
    flow = pipeline.waqai_run
    if dask_address:
        from prefect_dask import DaskTaskRunner

        flow = flow.with_options(task_runner=DaskTaskRunner(address=dask_address))
    with _progress_bar() as bar:
        pipeline.progress_hook = bar
        result = flow(inputs=[str(p) for p in input] if input else None, warehouse=str(warehouse),
                      batch_size=batch_size, max_bytes=max_bytes, workers=workers, on_cluster=bool(dask_address))
    pipeline.progress_hook = None
    elapsed = time.monotonic() - started
    _print_summary(result, elapsed)


class _progress_bar:
    """A progress bar for runs of more than a few hundred documents on a terminal."""

    def __enter__(self):
        self.bar = None
        self.tasks = {}
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
        return self

    def __call__(self, n: int, label: str) -> None:
        if self.bar is None:
            return
        if label not in self.tasks:
            self.tasks[label] = self.bar.add_task(f"documents {label}", total=None)
        self.bar.advance(self.tasks[label], n)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()


def _print_summary(result: dict, elapsed: float) -> None:
    from waqai.flows.warehouse import connect_readonly

    con = connect_readonly(result["warehouse"])
    try:
        by_type = con.execute("select event_type, count(*), count(distinct event_id) from event_mentions group by 1 order by 1").fetchall()
        totals = con.execute("select (select count(*) from documents), (select count(*) from rejected_documents)").fetchone()
    finally:
        con.close()
    t = Table(title=f"waqai run {result['run_id']} ({elapsed:.1f} s)", show_header=False)
    t.add_row("input files unchanged since last read", str(result.get("files_unchanged", 0)))
    t.add_row("documents seen", str(result["docs_seen"]))
    t.add_row("documents loaded (new)", str(result["docs_loaded"]))
    t.add_row("documents skipped (already stored)", str(result["docs_skipped"]))
    t.add_row("documents re-extracted (rules changed)", str(result["docs_reextracted"]))
    t.add_row("inputs rejected", str(result["docs_rejected"]))
    t.add_row("event mentions written", str(result["mentions_loaded"]))
    for event_type, mentions, events in by_type:
        t.add_row(f"  {event_type}", f"{mentions} mentions, {events} events")
    t.add_row("warehouse totals", f"{totals[0]} documents, {totals[1]} rejected inputs")
    t.add_row("warehouse", result["warehouse"])
    console.print(t)


@app.command()
def sql(
    query: str = typer.Argument(..., help="SQL to run (read-only)."),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w"),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Query the published warehouse read-only and print the result."""
    from waqai.flows.warehouse import connect_readonly

    try:
        con = connect_readonly(warehouse)
    except FileNotFoundError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2)
    try:
        cur = con.execute(query)
        columns = [d[0] for d in cur.description or []]
        rows = cur.fetchall()
    except Exception as exc:  # duckdb raises many error types; show the message, exit non-zero
        console.print(f"[red]{type(exc).__name__}:[/red] {exc}")
        raise typer.Exit(1)
    finally:
        con.close()
    if format is Format.json:
        for r in rows:
            typer.echo(json.dumps(dict(zip(columns, r)), ensure_ascii=False, default=str))
    elif format is Format.csv:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(columns)
        w.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        t = Table(*columns)
        for r in rows:
            t.add_row(*["" if v is None else str(v) for v in r])
        console.print(t)
        console.print(f"{len(rows)} row(s)")


@app.command()
def serve(
    cron: Optional[str] = typer.Option(None, help='Cron schedule, e.g. "*/15 * * * *".'),
    interval: Optional[int] = typer.Option(None, help="Run every N seconds."),
    input: Optional[List[Path]] = typer.Option(None, "--input", "-i"),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w"),
    name: str = typer.Option("waqai-scheduled", help="Deployment name."),
) -> None:
    """Run the flow on a schedule (needs a Prefect server: see the README)."""
    if (cron is None) == (interval is None):
        console.print("[red]give exactly one of --cron or --interval[/red]")
        raise typer.Exit(2)
    if not os.environ.get("PREFECT_API_URL"):
        console.print("[red]Schedules need a Prefect server.[/red] Start one with\n"
                      "  prefect server start --host 127.0.0.1 --port 4200\n"
                      "and set PREFECT_API_URL=http://127.0.0.1:4200/api, then run waqai serve again.")
        raise typer.Exit(2)
    from waqai.flows.pipeline import waqai_run

    params = {"inputs": [str(p.resolve()) for p in input] if input else None, "warehouse": str(warehouse.resolve())}
    console.print(f"serving {name}: {'cron ' + cron if cron else f'every {interval} s'}; Ctrl-C stops")
    waqai_run.serve(name=name, cron=cron, interval=interval, parameters=params)


@app.command()
def dashboard(
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w"),
    port: int = typer.Option(8501, help="Port to serve on."),
    host: str = typer.Option("127.0.0.1", help="Address to bind (127.0.0.1: this machine only)."),
) -> None:
    """Open the local dashboard on the warehouse (read-only; never blocks a pipeline run)."""
    app_file = Path(__file__).resolve().parent / "dashboard.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_file), "--server.port", str(port),
           "--server.address", host, "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--global.developmentMode", "false", "--", "--warehouse", str(warehouse.resolve())]
    console.print(f"dashboard on http://{host}:{port} (Ctrl-C stops)")
    sys.stdout.flush()
    # Become the Streamlit server, so a stop signal reaches it (no orphaned server).
    os.execv(sys.executable, cmd)


@app.command()
def dates(
    text: str = typer.Argument(..., help="Arabic text."),
    published: Optional[str] = typer.Option(None, help="Publication date YYYY-MM-DD (relative dates need it)."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per expression."),
) -> None:
    """Print every date expression found in TEXT, resolved against --published."""
    from waqai.transforms.dates import find_dates_in_raw

    pub = dt.date.fromisoformat(published) if published else None
    for start, end, original, e in find_dates_in_raw(text, pub):
        row = {"text": original, "start": start, "end": end, "value": e.value, "precision": e.precision,
               "basis": e.basis, "rule": e.rule, "since": e.since}
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            typer.echo(f"{start:>5}-{end:<5} {original!r:40} {e.value or '-':12} {e.precision or '-':6} {e.basis}"
                       + ("  (since: not an event date)" if e.since else ""))


@app.command()
def explain(
    mention_id: str = typer.Argument(..., help="A mention_id (m_...) or event_id (e_...)."),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w"),
) -> None:
    """Show the sentence behind a mention or event, with trigger, actor, target and date marked."""
    from waqai.flows.warehouse import connect_readonly

    con = connect_readonly(warehouse)
    try:
        cur = con.execute(
            """select m.mention_id, m.event_type, m.actor_code, m.target_code, m.status, m.rule_id, m.confidence,
                      m.sentence_start, m.sentence, m.trigger_start, m.trigger_end, m.actor_start, m.actor_end,
                      m.target_start, m.target_end, m.date_start, m.date_end, m.date_value, m.date_precision,
                      m.date_basis, d.source_uri
               from mentions m join documents d using (doc_id)
               where m.mention_id = $id or m.mention_id in (select mention_id from event_mentions where event_id = $id)
               order by d.source_uri, m.sentence_start""", {"id": mention_id})
        cols = [c[0] for c in cur.description]
        rows = [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()
    if not rows:
        console.print(f"[red]no mention or event {mention_id}[/red]")
        raise typer.Exit(1)
    from waqai.transforms.events import load_event_lexicon

    notes = {r.id: r.note for r in load_event_lexicon().rules}
    for r in rows:
        console.print(f"[bold]{r['mention_id']}[/bold] {r['event_type']} {r['actor_code']}→{r['target_code']} "
                      f"status={r['status']} date={r['date_value'] or '-'} ({r['date_precision'] or '-'}, {r['date_basis']}) "
                      f"confidence={r['confidence']}")
        console.print(f"  source: {r['source_uri']}")
        console.print("  " + _marked(r))
        console.print(f"  rule {r['rule_id']}: {notes.get(r['rule_id'], '')}\n")


def _marked(r: dict) -> str:
    """The sentence with [trigger], {actor}, <target> and «date» marked."""
    base = r["sentence_start"]
    s = r["sentence"]
    marks = []
    for key, open_, close in (("trigger", "[bold red][", "][/bold red]"), ("actor", "[bold blue]{", "}[/bold blue]"),
                              ("target", "[bold green]<", ">[/bold green]"), ("date", "[bold magenta]«", "»[/bold magenta]")):
        a, b = r.get(f"{key}_start"), r.get(f"{key}_end")
        if a is not None and b is not None and base <= a < b <= base + len(s):
            marks.append((a - base, b - base, open_, close))
    out, pos = [], 0
    for a, b, o, c in sorted(marks):
        if a < pos:
            continue
        out += [s[pos:a].replace("[", r"\["), o, s[a:b].replace("[", r"\["), c]
        pos = b
    out.append(s[pos:].replace("[", r"\["))
    return "".join(out)


if __name__ == "__main__":
    app()
