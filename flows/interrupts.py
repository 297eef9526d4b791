"""Ctrl-C and SIGTERM during `waqai run`: one line on stderr, exit 130/143, nothing left behind.

A signal at any moment of a run, from the CLI module's first line to the process's exit, ends
it with exactly one line, `waqai: interrupted; published warehouse <state> at <path>`, where
<state> is what a reader of the published file now sees:

- "unchanged" (or "not created yet"): the run is abandoned where it stands, as a kill would
  leave it. The private file's transaction is never committed and the published file is only
  ever replaced by an atomic rename, so readers keep the last complete run and the next run
  completes the work (tests/test_signals.py, tests/test_crash_safety.py). Exiting at once, rather
  than unwinding through Prefect, spares its attempts to report the crash to a temporary API
  server the same Ctrl-C stopped (httpx.ConnectError tracebacks).
- "updated by this run" (or "created by this run"): the signal came after this run published
  (while Prefect recorded the run's end, the summary was printed, or the process was exiting).
  The work is done; the exit code still says the process was interrupted, as for any tool
  stopped after its output.

Three windows, each covered:

1. Before `run` knows its warehouse (Python importing typer, rich and the CLI): hold_early()
   notes the signal, and stop_cleanly_on() acts on it as soon as `run` starts. Left to Python,
   a SIGINT there becomes a KeyboardInterrupt, which typer turns into a silent exit 130 (no
   line, the lock's holder file left behind), or a traceback when it lands inside Prefect's
   import; a SIGTERM kills the process with no line at all. Only the interpreter's own
   start-up, before the CLI module's first line runs, is beyond reach.
2. The Prefect flow: run_in_worker_thread() runs it outside the main thread. Python runs signal
   handlers only in the main thread, and Prefect's flow engine then skips installing its own
   SIGTERM handler (`capture_sigterm` in prefect.utilities.engine tolerates the ValueError
   that signal.signal raises off the main thread). In the main thread that handler would
   replace ours from the flow run's creation until about a second after the flow body ends,
   turning a SIGTERM into Prefect's crash handling: "Crash detected!" lines before ours.
3. After the flow: the handler stays installed through the exit hooks (Prefect's stops its
   temporary API server); the last hook then ignores SIGINT/SIGTERM, since Python would
   otherwise restore their default action, a silent kill, while it tears its modules down.
   A signal in that last moment changes nothing: the process exits 0 as it was about to.

The handler runs while the flow thread goes on, so it silences stderr first (nothing the flow
or Prefect's threads print afterwards can show), and sweeps twice for what the flow thread
may have started meanwhile (staging, the temporary API server, extraction processes). Child
processes have stderr of their own: a Ctrl-C reaches them too, so Prefect's temporary API
server is started with its stderr in a log file (start_temporary_api_quietly).
"""
from __future__ import annotations

# Only what hold_early needs, loaded in milliseconds: it runs before the CLI's other imports.
import os
import signal
import sys
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from pathlib import Path

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_noted: list[int] = []
_real_stderr: list[int] = []  # set while fd 2 is lent to the temporary API server's start


def hold_early() -> None:
    """Note a SIGINT/SIGTERM that lands before `run` has started; stop_cleanly_on acts on it."""
    for sig in SIGNALS:
        signal.signal(sig, _note)


def _note(signum: int, frame: Any) -> None:
    _noted.append(signum)


def stop_cleanly_on(warehouse: str | os.PathLike) -> None:
    """From here to the process's exit, SIGINT/SIGTERM end it with one line (see the module
    docstring); a signal noted by hold_early is acted on now."""
    from waqai.flows import warehouse as wh

    published = wh.paths(warehouse).published
    before = _identity(published)

    def handler(signum: int, frame: Any) -> None:
        _stop(signum, published, before)

    for sig in SIGNALS:
        signal.signal(sig, handler)
    import atexit

    atexit.register(_ignore_while_exiting)  # registered before Prefect's hooks, so it runs after them
    if _noted:
        _stop(_noted[0], published, before)


def _ignore_while_exiting() -> None:
    """After the exit hooks Python puts back the default action (a silent kill) for signals it
    handled, while it tears its modules down (a second or so with Prefect loaded). The run is
    over by then: ignored, the signal lets the process end as it was ending."""
    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


def run_in_worker_thread(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """fn(*args, **kwargs) in another thread while this one only waits, so this module's
    handler (not Prefect's) answers signals: see the module docstring, window 2."""
    import threading

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the caller's thread, as if called there
            outcome["error"] = exc

    worker = threading.Thread(target=target, name="waqai-run", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.5)  # a bounded wait: the handler runs between waits whatever the platform
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def start_temporary_api_quietly() -> None:
    """Start Prefect's temporary API server now (the flow's client uses it: one per process),
    its stderr a log file in PREFECT_HOME instead of ours. A Ctrl-C reaches the whole process
    group, this server too, and a server stopped while it starts prints its own traceback
    (seen: uvicorn's "Application shutdown failed ... Reactive triggers not started")."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, PREFECT_SERVER_EPHEMERAL_ENABLED

    if PREFECT_API_URL.value() or not PREFECT_SERVER_EPHEMERAL_ENABLED.value():
        return
    server = SubprocessASGIServer()
    if server.running:
        return
    home = PREFECT_HOME.value()
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "waqai-temporary-api.log", "w") as log:
        _real_stderr.append(os.dup(2))
        os.dup2(log.fileno(), 2)  # the server inherits fd 2 when it is spawned
        try:
            server.start()
        finally:
            os.dup2(_real_stderr[0], 2)
            os.close(_real_stderr.pop())


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _stop(signum: int, published: Path, before: tuple[int, int] | None) -> None:
    for sig in SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    line_out = os.dup(_real_stderr[0] if _real_stderr else 2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # from now on only our line reaches the real stderr
    try:
        import logging

        logging.disable(logging.CRITICAL)
        # Each step on its own: one that fails must not cost the others (the lock's release).
        for _ in range(2):  # the second pass finds what the flow thread started during the first
            _attempt(_stop_children)
            _attempt(_remove_staging)
        _attempt(_release_locks)
        _attempt(sys.stdout.flush)  # the summary, when the signal came after it
    finally:
        now = _identity(published)
        state = ("not created yet" if now is None else "unchanged" if now == before
                 else "created by this run" if before is None else "updated by this run")
        lead = "\x1b[?25h\n" if os.isatty(line_out) else ""  # a progress bar may have hidden the cursor; close the ^C echo
        os.write(line_out, f"{lead}waqai: interrupted; published warehouse {state} at {published}\n".encode())
        os._exit(128 + signum)


def _attempt(step: Callable[[], Any]) -> None:
    try:
        step()
    except Exception:  # stderr is silenced; the next steps and the line still come
        pass


def _release_locks() -> None:
    runlock = sys.modules.get("waqai.flows.runlock")
    if runlock is not None:
        runlock.release_all()


def _remove_staging() -> None:
    runlock = sys.modules.get("waqai.flows.runlock")
    if runlock is None:  # not imported yet: no lock held, nothing staged
        return
    import shutil

    for folder in runlock.held_staging():
        shutil.rmtree(folder, ignore_errors=True)
        try:
            folder.parent.rmdir()  # the staging root, when no other run's folder is in it
        except OSError:
            pass


def _stop_children() -> None:
    """Extraction processes and Prefect's temporary API server (os._exit skips the exit hook
    Prefect registers to stop it)."""
    # A module may be half imported when the signal comes (seen: Prefect's server module, the
    # AttributeError cost the lock's release): a missing name means nothing of it started yet.
    active_children = getattr(sys.modules.get("multiprocessing"), "active_children", None)
    workers = active_children() if active_children else []
    for proc in workers:
        proc.terminate()
    server_class = getattr(sys.modules.get("prefect.server.api.server"), "SubprocessASGIServer", None)
    for s in list(getattr(server_class, "_instances", {}).values()):
        proc = getattr(s, "server_process", None)
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except Exception:
                proc.kill()
    for proc in workers:
        proc.join(5)
