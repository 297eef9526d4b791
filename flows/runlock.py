"""One run at a time per warehouse, and a staging folder of its own for each run.

The lock is `fcntl.flock` on `.NAME.lock` beside the published file: the kernel releases it
when the holding process ends, however it ends (kill -9 included), so a lock can never outlive
its run. Beside it `.NAME.lock.json` names the holder (run id, pid, start time) for the one-line
message a second run prints. A sidecar left by a killed run (its pid gone, the flock free) is a
stale lock: the next run takes it over and removes that run's staging folder.

A process that already holds a warehouse's lock may enter it again (the CLI takes it before
Prefect starts, so a second run waits without paying for a temporary API server; the flow
takes it too, for scheduled runs that come without the CLI).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from waqai.flows import warehouse as wh


@dataclass(frozen=True)
class Holder:
    run_id: str
    pid: int
    started_at: str  # ISO 8601, UTC

    def describe(self) -> str:
        alive = "" if pid_alive(self.pid) else ", process gone"
        return f"run {self.run_id} (pid {self.pid}, started {self.started_at} UTC{alive})"


class RunLocked(RuntimeError):
    """Another run holds the warehouse; the message is the one line to show."""

    def __init__(self, warehouse: Path, holder: Holder | None, waited: float):
        who = holder.describe() if holder else "another run (holder not recorded yet)"
        super().__init__(f"warehouse {warehouse} is busy: {who} holds its run lock; waited {waited:g} s "
                         f"(--wait sets how long)")
        self.holder = holder


def lock_path(warehouse: str | os.PathLike) -> Path:
    published = wh.paths(warehouse).published
    return published.with_name(f".{published.name}.lock")


def holder_path(warehouse: str | os.PathLike) -> Path:
    return Path(str(lock_path(warehouse)) + ".json")


def staging_root(warehouse: str | os.PathLike) -> Path:
    """Parent of every run's staging folder: hidden, beside the warehouse, so an input folder
    that holds the warehouse never reads it back (hidden entries are passed over)."""
    return wh.paths(warehouse).staging


def staging_for(warehouse: str | os.PathLike, run_id: str) -> Path:
    return staging_root(warehouse) / run_id


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


def read_holder(warehouse: str | os.PathLike) -> Holder | None:
    try:
        data = json.loads(holder_path(warehouse).read_text(encoding="utf-8"))
        return Holder(str(data["run_id"]), int(data["pid"]), str(data["started_at"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


# Locks this process holds: published path -> (open lock file, holder, depth).
_held: dict[Path, list] = {}


def held_by_this_process(warehouse: str | os.PathLike) -> Holder | None:
    entry = _held.get(wh.paths(warehouse).published)
    return entry[1] if entry else None


@contextmanager
def hold(warehouse: str | os.PathLike, run_id: str, wait: float = 5.0, poll: float = 0.2) -> Iterator[Holder]:
    """Hold the warehouse's run lock for `run_id`, waiting up to `wait` seconds for another run
    to finish; raise RunLocked naming the holder when it does not. Re-entrant in one process."""
    key = wh.paths(warehouse).published
    if key in _held:
        _held[key][2] += 1
        try:
            yield _held[key][1]
        finally:
            _held[key][2] -= 1
        return
    key.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock_path(key), "a+")  # opened close-on-exec: children never inherit the lock
    deadline = time.monotonic() + max(wait, 0.0)
    t0 = time.monotonic()
    while True:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                fh.close()
                raise RunLocked(key, read_holder(key), round(time.monotonic() - t0, 1)) from None
            time.sleep(poll)
    stale = read_holder(key)
    if stale is not None and stale.pid != os.getpid():
        # The flock was free, so its run ended without cleaning up (killed): take over.
        _remove_staging_of_others(key, keep=run_id)
    holder = Holder(run_id, os.getpid(), dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"))
    _held[key] = [fh, holder, 1]  # before the holder file: an interrupt from here on removes it
    try:
        tmp = holder_path(key).with_suffix(".json.tmp")
        tmp.write_text(json.dumps(asdict(holder)), encoding="utf-8")
        os.replace(tmp, holder_path(key))
        _remove_staging_of_others(key, keep=run_id)
    except BaseException:
        release(key)
        raise
    try:
        yield holder
    finally:
        _held[key][2] -= 1
        if _held[key][2] == 0:
            release(key)


def release(warehouse: str | os.PathLike) -> None:
    """Give up this process's lock now (also used by the interrupt handler before exiting)."""
    key = wh.paths(warehouse).published
    entry = _held.pop(key, None)
    if entry is None:
        return
    fh, holder, _ = entry
    if read_holder(key) == holder:
        holder_path(key).unlink(missing_ok=True)
    holder_path(key).with_suffix(".json.tmp").unlink(missing_ok=True)  # interrupted between write and rename
    fh.close()  # closing the only descriptor releases the flock


def release_all() -> None:
    for key in list(_held):
        release(key)


def held_staging() -> list[Path]:
    """Staging folders of the runs this process holds locks for."""
    return [staging_for(key, entry[1].run_id) for key, entry in _held.items()]


def _remove_staging_of_others(key: Path, keep: str) -> None:
    """Called with the lock held: any other staging folder belongs to a run that is over."""
    root = staging_root(key)
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.name != keep:
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)  # parts of the shared folder older runs used
