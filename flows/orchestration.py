"""Running the pipeline with or without Prefect's orchestration.

With a Prefect server configured (`PREFECT_API_URL`, as `waqai serve` needs), with a Dask
cluster, or with `waqai run --prefect`, the run is a Prefect flow run and every stage a task
run the server records. Without a server, Prefect would start a temporary local API for each
run (about 9-15 s of start and stop on this machine, more than the stages of a typical
incremental run), and the runs it records go to a throw-away database no one reads. So a
plain `waqai run` calls the same flow and task functions directly (`.fn`): same code, same
warehouse, same retries at I/O (done here), no API.
"""
from __future__ import annotations

import os
import time

from prefect.context import FlowRunContext, TaskRunContext


def orchestrated(prefect: bool = False, dask_address: str | None = None) -> bool:
    """Whether `waqai run` is a Prefect flow run: with a server to record it, a Dask cluster
    to distribute it, or when asked (`--prefect`)."""
    return bool(os.environ.get("PREFECT_API_URL") or dask_address or prefect)


def in_prefect_run() -> bool:
    """True inside a Prefect flow or task run."""
    return FlowRunContext.get() is not None or TaskRunContext.get() is not None


def call(task, *args, **kwargs):
    """Call a Prefect task: as a task run inside a flow run, else its function directly,
    retried as the task's own `retries` and `retry_delay_seconds` say."""
    if in_prefect_run():
        return task(*args, **kwargs)
    return with_retries(task.fn, task.retries or 0, task.retry_delay_seconds, *args, **kwargs)


def with_retries(fn, retries: int, delays, *args, retry_if=lambda exc: True, **kwargs):
    for attempt in range(retries + 1):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            if attempt == retries or not retry_if(exc):
                raise
            time.sleep(_delay(delays, attempt))


def _delay(delays, attempt: int) -> float:
    if isinstance(delays, (list, tuple)):
        return float(delays[min(attempt, len(delays) - 1)]) if delays else 0.0
    return float(delays or 0)
