"""What `waqai run` tells its user: how far it is while it runs (RunProgress, the flow's
pipeline.Progress reporter), and what it did when it ends (print_summary)."""
from __future__ import annotations

import time

import typer
from rich.console import Console
from rich.table import Table


class RunProgress:
    """A bar on a terminal; otherwise one line per stage every `every` seconds, and the
    stage's final count when the next stage starts."""

    # No __dict__: Prefect records flow parameters and would otherwise walk into the bar.
    __slots__ = ("interactive", "every", "bar", "tasks", "done", "totals", "printed", "last")

    def __init__(self, interactive: bool, every: float = 5.0):
        self.interactive, self.every = interactive, every
        self.bar, self.tasks = None, {}
        self.done, self.totals, self.printed, self.last = {}, {}, {}, {}

    def __enter__(self):
        if self.interactive:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=Console(stderr=True), transient=True)
            self.bar.start()
        return self

    def __call__(self, n: int, label: str, total: int | None = None) -> None:
        if self.bar is not None:
            if label not in self.tasks:
                self.tasks[label] = self.bar.add_task(f"documents {label}", total=total)
            self.bar.advance(self.tasks[label], n)
            return
        for other in self.done:
            if other != label:
                self._line(other)  # a new stage began: the last one's final count
        self.done[label] = self.done.get(label, 0) + n
        self.totals[label] = total
        now = time.monotonic()
        if (total is not None and self.done[label] >= total) or now - self.last.get(label, -self.every) >= self.every:
            self._line(label)
            self.last[label] = now

    def _line(self, label: str) -> None:
        done, total = self.done[label], self.totals.get(label)
        if self.printed.get(label) != done:
            typer.echo(f"{label} {done}/{total} documents" if total is not None else f"{label} {done} documents")
            self.printed[label] = done

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.stop()
        else:
            for label in self.done:
                self._line(label)


def print_summary(result: dict, elapsed: float, console: Console) -> None:
    """What the run did and the warehouse's totals: a table on a terminal, plain lines in a log."""
    from waqai.flows.warehouse import connect_readonly

    con = connect_readonly(result["warehouse"])
    try:
        # Mentions counted as the per-type lines count them (cancelled ones included: they are
        # members of their event; the event_mentions view leaves them out), denied ones apart.
        totals = con.execute("""select (select count(*) from documents), (select count(*) from rejected_documents),
                                       (select count(*) from mentions where status <> 'denied'), (select count(*) from events)""").fetchone()
        # A document whose extraction raised is stored but has no mentions: say so, loudly.
        failed = con.execute("select count(*) from extraction_errors where run_id = ?", [result["run_id"]]).fetchone()[0]
    finally:
        con.close()
    rows = [("input files unchanged since last read", result.get("files_unchanged", 0)),
            ("documents seen", result["docs_seen"]),
            ("documents loaded (new)", result["docs_loaded"]),
            ("documents skipped (already stored)", result["docs_skipped"]),
            ("documents re-extracted (rules changed)", result["docs_reextracted"]),
            ("inputs rejected", result["docs_rejected"]),
            ("event mentions written", result["mentions_loaded"])]
    for t in result.get("mentions_by_type", []):
        events = f"{t['events']} event" + ("" if t["events"] == 1 else "s")
        rows.append((f"  {t['event_type']}", f"{t['mentions']} mentions in {events}"))
    if failed:
        rows.append(("extraction failed (see extraction_errors)", f"{failed} documents (stored, without mentions)"))
    if result.get("mentions_denied"):
        rows.append(("  denied (kept in mentions, in no event)", result["mentions_denied"]))
    rows.append(("warehouse totals", f"{totals[0]} documents, {totals[1]} rejected inputs, "
                                     f"{totals[2]} event mentions, {totals[3]} events"))
    title = f"waqai run {result['run_id']} ({elapsed:.1f} s): this run"
    if console.is_terminal:
        t = Table(title=title, show_header=False)
        for label, value in rows:
            t.add_row(label, str(value))
        console.print(t)
        console.print(f"warehouse: {result['warehouse']}", soft_wrap=True, highlight=False, markup=False)
    else:
        # A log gets plain lines, never cut or folded to a default 80 columns.
        typer.echo(title)
        for label, value in rows + [("warehouse", result["warehouse"])]:
            typer.echo(f"{label:<40} {value}")
