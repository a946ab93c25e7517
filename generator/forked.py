"""Independent jobs run side by side in forked processes. A fork inherits the loaded content, compiled templates
and fonts, so only a job's number goes to a process and only its result comes back."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Result = TypeVar("Result")

_jobs: Sequence[Callable[[], Any]] = ()  # what the forked processes see


def _run(index: int) -> Any:
    return _jobs[index]()


def processors() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_forked(jobs: Sequence[Callable[[], Result]], workers: int | None = None) -> list[Result]:
    """Every job's result, in the jobs' order; a job's exception is raised here. With one job, one processor
    or no fork (Windows, macOS spawn) the jobs run here, one after another."""
    import multiprocessing

    workers = min(len(jobs), workers or processors())
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    global _jobs
    _jobs = jobs
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, range(len(jobs))))
    finally:
        _jobs = ()
