"""Independent jobs run side by side in forked processes. A fork inherits the loaded content, compiled templates
and fonts, so only a job's number goes to a process and only its result comes back."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

Result = TypeVar("Result")

_jobs: Sequence[Callable[[], Any]] = ()  # what the forked processes see


def _run(index: int) -> Any:
    return _jobs[index]()


def start_worker() -> None:
    # Ctrl-C reaches every process of the terminal: the parent alone decides what stops (and says so once).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not whatever handler the parent had set for itself
    if sys.platform.startswith("linux"):  # a parent killed outright takes its workers with it
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def processors() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_forked(jobs: Sequence[Callable[[], Result]], workers: int | None = None) -> list[Result]:
    """Every job's result, in the jobs' order; a job's exception is raised here. With one job, one processor
    or no fork (Windows) the jobs run here, one after another. Raises BrokenProcessPool when a process was
    killed; when this process stops early (an exception, Ctrl-C) the jobs still running are stopped."""
    import multiprocessing

    workers = min(len(jobs), workers or processors())
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    global _jobs
    _jobs = jobs
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=start_worker)
    try:
        results = list(pool.map(_run, range(len(jobs))))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        for process in multiprocessing.active_children():
            process.terminate()
        raise
    finally:
        _jobs = ()
    pool.shutdown()
    return results
