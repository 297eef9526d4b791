"""`waqai`: run the pipeline, query the warehouse, serve scheduled runs, debug dates."""
# ruff: noqa: E402 (the signal hold below comes before the imports that take a while)
from __future__ import annotations

import sys

from waqai.flows import interrupts

if sys.argv[1:2] == ["run"]:
    interrupts.hold_early()  # a Ctrl-C during the imports below still gets the one-line stop

import csv
import datetime as dt
import io
import json
import os
import re
import time
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from waqai.flows.report import RunProgress as _Progress  # the name tests/test_cli.py imports
from waqai.flows.report import print_summary

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Prefect reads its settings when first imported (flows/pipeline.py says the same for other
# callers): a temporary API (--prefect) may take longer than the 20 s default to start here.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")

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
    input: Optional[List[str]] = typer.Option(None, "--input", "-i", help="File, folder, RSS/Atom feed URL (http/https) or NAME.feeds "
                                              "file of feed URLs (repeatable). Default: the shipped samples."),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w", help="Published DuckDB file."),
    batch_size: int = typer.Option(500, help="Documents per task."),
    max_bytes: int = typer.Option(10 * 1024 * 1024, help="Largest single file (or JSONL record text) accepted, in bytes."),
    workers: int = typer.Option(0, help="Extraction processes on this machine (0: one per core)."),
    dask_address: Optional[str] = typer.Option(None, envvar="WAQAI_DASK_ADDRESS",
                                               help="Run extraction batches on this Dask scheduler (tcp://host:8786)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Prefect's logs."),
    prefect: bool = typer.Option(False, "--prefect", envvar="WAQAI_PREFECT",
                                 help="Run as a Prefect flow even without a server (Prefect then starts a "
                                      "temporary local API, ~10 s). With PREFECT_API_URL set, or --dask-address, "
                                      "runs are always Prefect flow runs."),
    wait: float = typer.Option(5.0, "--wait", help="Seconds to wait for another run on the same warehouse to finish "
                                                   "before giving up (exit 75)."),
) -> None:
    """Ingest articles, extract events, load them into the warehouse and publish it."""
    interrupts.stop_cleanly_on(warehouse)  # first: see flows/interrupts.py
    _quiet_prefect(verbose)
    from waqai.flows import feeds, runlock
    from waqai.flows.warehouse import new_run_id

    for p in input or []:
        if not feeds.is_url(p) and not os.path.lexists(p):
            console.print(f"[red]input not found:[/red] {p}")
            raise typer.Exit(2)
    started = time.monotonic()
    # The lock first: a run that has to wait for another one does not start Prefect's API.
    try:
        lock = runlock.hold(warehouse, new_run_id(), wait)
        lock.__enter__()
    except runlock.RunLocked as exc:
        _fail(str(exc), 75)  # EX_TEMPFAIL: try again later
    if not os.environ.get("PREFECT_API_URL"):
        # Nothing new: answered in a second, without starting Prefect's temporary API (with a
        # server configured the flow runs, so the server records every run).
        from importlib import resources
        from waqai.flows.warehouse import nothing_new

        quiet = nothing_new(input or [str(Path(str(resources.files("waqai.samples"))) / "ar")], warehouse,
                            "skipped: nothing new")
        if quiet is not None:
            lock.__exit__(None, None, None)
            print_summary(quiet, time.monotonic() - started, console)
            return
    from waqai.flows import pipeline

    # Prefect's orchestration where something records or distributes the run; otherwise the
    # same functions called directly, without a temporary API (flows/orchestration.py).
    from waqai.flows.orchestration import orchestrated

    with_prefect = orchestrated(prefect, dask_address)
    flow = pipeline.waqai_run if with_prefect else pipeline.waqai_run.fn
    if dask_address:
        from prefect_dask import DaskTaskRunner

        flow = flow.with_options(task_runner=DaskTaskRunner(address=dask_address))
    if with_prefect and not verbose:
        interrupts.start_temporary_api_quietly()
    try:
        with _Progress(interactive=sys.stdout.isatty() and sys.stderr.isatty()) as progress:
            result = interrupts.run_in_worker_thread(
                flow, inputs=input or None, warehouse=str(warehouse), batch_size=batch_size, max_bytes=max_bytes,
                workers=workers, on_cluster=bool(dask_address), progress=progress, wait=wait)
    finally:
        lock.__exit__(None, None, None)
    elapsed = time.monotonic() - started
    print_summary(result, elapsed, console)


@app.command()
def sql(
    query: str = typer.Argument(..., help="SQL to run (read-only)."),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w"),
    format: Format = typer.Option(Format.table, "--format", "-f"),
) -> None:
    """Query the published warehouse read-only and print the result."""
    from waqai.flows.warehouse import connect_readonly, readonly_refusal

    if not _strip_sql_comments(query).strip(" \t\r\n;"):
        _fail("nothing to run: the query is empty (or only comments)", 2)
    try:
        con = connect_readonly(warehouse)
    except FileNotFoundError as exc:
        _fail(str(exc), 2)
    try:
        cur = con.execute(query)
        columns = [d[0] for d in cur.description or []]
        rows = cur.fetchall()
    except Exception as exc:  # duckdb raises many error types; show the message, exit non-zero
        _fail(readonly_refusal(exc, _strip_sql_comments(query)) or _one_line(exc), 1)
    finally:
        con.close()
    if format is Format.json:
        for r in rows:
            typer.echo(json.dumps(dict(zip(columns, r, strict=True)), ensure_ascii=False, default=str))
    elif format is Format.csv:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")  # LF, so `| tail -1 | xargs` gets a clean value
        w.writerow(columns)
        w.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        t = Table(*columns)
        for r in rows:
            t.add_row(*["" if v is None else str(v) for v in r])
        console.print(t)
        console.print(f"{len(rows)} row(s)")


def _fail(message: str, code: int) -> None:
    """One plain line on stderr (never wrapped, never a traceback), then exit non-zero."""
    typer.echo(f"waqai: {message}", err=True)
    raise typer.Exit(code)


def _one_line(exc: Exception) -> str:
    """DuckDB's message without its caret drawing and its hints (which suggest SET and
    INSTALL, refused here); a "Did you mean" stays, it is what a typo needs."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    hint = next((ln for ln in lines[1:] if ln.startswith("Did you mean")), "")
    return " ".join(filter(None, [lines[0] if lines else type(exc).__name__, hint]))


def _strip_sql_comments(query: str) -> str:
    return re.sub(r"--[^\n]*|/\*.*?(\*/|$)", " ", query, flags=re.S)


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"
    plover = "plover"
    cameo = "cameo"


@app.command()
def export(
    format: ExportFormat = typer.Option(..., "--format", "-f", help="parquet or csv (any view), plover (JSON lines, "
                                        "POLECAT field names) or cameo (ICEWS-style TSV) of events."),
    out: Path = typer.Option(..., "--out", "-o", help="File to write (replaced atomically)."),
    view: str = typer.Option("events", "--view", help="View to export (parquet/csv); plover and cameo export events."),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w"),
) -> None:
    """Export a view of the published warehouse (read-only) for other tools."""
    from waqai.flows.export import export as write

    try:
        n = write(warehouse, format.value, out, view)
    except (FileNotFoundError, ValueError) as exc:
        _fail(str(exc), 2)
    typer.echo(f"{n} rows of {view} written to {out.resolve()} ({format.value})")


@app.command()
def serve(
    cron: Optional[str] = typer.Option(None, help='Cron schedule, e.g. "*/15 * * * *".'),
    interval: Optional[int] = typer.Option(None, help="Run every N seconds."),
    input: Optional[List[str]] = typer.Option(None, "--input", "-i", help="As for `waqai run` (feed URLs too)."),
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

    from waqai.flows.feeds import is_url

    params = {"inputs": [p if is_url(p) else str(Path(p).resolve()) for p in input] if input else None,
              "warehouse": str(warehouse.resolve())}
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
           "--global.developmentMode", "false",
           # "viewer" keeps the reader's menu (rerun, settings, print) without the Deploy button.
           "--client.toolbarMode", "viewer", "--", "--warehouse", str(warehouse.resolve())]
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

    try:
        pub = dt.date.fromisoformat(published) if published else None
    except ValueError:
        _fail(f"--published must be an ISO date YYYY-MM-DD, e.g. 2023-11-04 (got {published!r})", 2)
    for start, end, original, e in find_dates_in_raw(text, pub):
        row = {"text": original, "start": start, "end": end, "value": e.value, "precision": e.precision,
               "basis": e.basis, "rule": e.rule, "since": e.since, "kind": e.kind, "modifier": e.modifier}
        if as_json:
            typer.echo(json.dumps(row, ensure_ascii=False))
        else:
            typer.echo(f"{start:>5}-{end:<5} {original!r:40} {e.value or '-':12} {e.precision or '-':6} {e.basis}"
                       + ("  (since: not an event date)" if e.since else "")
                       + (f"  ({e.kind}: not an event date)" if e.kind != "date" else "")
                       + (f"  [{e.modifier}]" if e.modifier else ""))


@app.command()
def explain(
    mention_id: str = typer.Argument(..., help="A mention_id (m_...) or event_id (e_...)."),
    warehouse: Path = typer.Option(DEFAULT_WAREHOUSE, "--warehouse", "-w"),
) -> None:
    """Show the sentence behind a mention or event, with trigger, actor, target and date marked.
    For an event: its members and why each joined; an id merged into another event is followed."""
    from waqai.flows.warehouse import connect_readonly

    wanted = mention_id.strip()  # an id piped from CSV may carry a CR
    con = connect_readonly(warehouse)
    try:
        followed = []
        while True:  # a bookmarked id merged into another event: follow it to the survivor
            hop = con.execute("select into_event_id, rule_id, evidence from event_merges where merged_event_id = ?",
                              [wanted]).fetchall()
            if not hop or len(followed) > 50:
                break
            followed.append((wanted, *hop[0]))
            wanted = hop[0][0]
        cur = con.execute(
            """select m.mention_id, m.event_type, m.actor_code, m.target_code, m.status, m.rule_id, m.confidence,
                      m.sentence_start, m.sentence, m.trigger_start, m.trigger_end, m.actor_start, m.actor_end,
                      m.target_start, m.target_end, m.date_start, m.date_end, m.date_value, m.date_precision,
                      m.date_basis, d.source_uri, d.published, m.actor_person, em.event_id, em.join_reason, em.join_evidence
               from mentions m join documents d using (doc_id) left join event_members em using (mention_id)
               where m.mention_id = $id or em.event_id = $id
               order by d.published nulls last, d.source_uri, m.sentence_start""", {"id": wanted})
        cols = [c[0] for c in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
        event = con.execute("""select event_type, actor_code, target_code, date_value, date_precision, status, n_mentions,
                                      n_documents, n_sources from events where event_id = ?""", [wanted]).fetchone()
    finally:
        con.close()
    for merged, into, rule, evidence in followed:
        console.print(f"[yellow]{merged} was merged into {into} ({rule or 'reason not recorded'})[/yellow]")
        if evidence:
            console.print(f"  {evidence}", markup=False)
    if not rows:
        console.print(f"[red]no mention or event {mention_id.strip()}[/red]")
        raise typer.Exit(1)
    if event is not None:
        t, a, b, dv, dp, st, nm, nd, ns = event
        console.print(f"[bold]{wanted}[/bold] {t} {a}→{b} date={dv or '-'} ({dp or '-'}) status={st} "
                      f"{nm} mentions, {nd} documents, {ns} sources\n")
    console.print("legend: [bold red]\\[trigger][/bold red] [bold blue]{actor}[/bold blue] "
                  "[bold green]<target>[/bold green] [bold magenta]«date»[/bold magenta]\n")
    from waqai.transforms.events import load_event_lexicon

    notes = {r.id: r.note for r in load_event_lexicon().rules}
    for r in rows:
        console.print(f"[bold]{r['mention_id']}[/bold] {r['event_type']} {r['actor_code']}→{r['target_code']} "
                      f"status={r['status']} date={r['date_value'] or '-'} ({r['date_precision'] or '-'}, {r['date_basis']}) "
                      f"confidence={r['confidence']}" + (f" person={r['actor_person']}" if r["actor_person"] else ""))
        console.print(f"  source: {r['source_uri']} (published {r['published'] or 'unknown'})", markup=False)
        if r["event_id"]:
            console.print(f"  event {r['event_id']}: joined by {r['join_reason'] or 'reason not recorded'}"
                          + (f" — {r['join_evidence']}" if r["join_evidence"] else ""), markup=False)
        console.print("  " + _marked(r))
        console.print(f"  rule {r['rule_id']}: {notes.get(r['rule_id'], '')}\n", markup=False)


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
