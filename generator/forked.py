"""Independent jobs run side by side in forked processes. A fork inherits the loaded content, compiled templates
and fonts, so only a job's number goes to a process and only its result comes back.

No thread watches the processes (concurrent.futures' pool has one): stopped by Ctrl-C or a signal while its
workers wrote results, such a pool could leave its thread reading half a message, and the program then hung
at exit or printed a traceback of a closed pipe."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

Result = TypeVar("Result")

_jobs: Sequence[Callable[[], Any]] = ()  # what the forked processes see
_STOPS = {signal.SIGINT, signal.SIGTERM}


class WorkerLost(RuntimeError):
    """A worker ended without finishing its jobs: killed, for example by the system when memory ran out."""


def start_worker() -> None:
    # Ctrl-C reaches every process of the terminal: the parent alone decides what stops (and says so once).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not whatever handler the parent had set for itself
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)  # held by the parent while it forked (see stops_held)
    if sys.platform.startswith("linux"):  # a parent killed outright takes its workers with it
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@contextmanager
def stops_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait while processes are forked: one arriving inside Python's fork hooks is swallowed
    ("Exception ignored"), and one reaching a child before start_worker would print the child's traceback.
    Held signals arrive once this ends (in a child: after start_worker has chosen what they do)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def peak_memory_kb() -> int:
    """This process's peak resident memory. Not getrusage's ru_maxrss, which survives exec: a process the site
    build starts would report the build's memory at that moment as its own (the printing job said 475 MB)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def processors() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_forked(jobs: Sequence[Callable[[], Result]], workers: int | None = None, apart: bool = False) -> list[Result]:
    """Every job's result, in the jobs' order; a job's exception is raised here. With one job, one processor
    or no fork (Windows) the jobs run here, one after another, unless `apart`: then in a process even so, so
    that the memory they take goes when it ends. Raises WorkerLost when a process was killed; when this process
    stops early (an exception, Ctrl-C) the processes still running are ended first."""
    import multiprocessing

    workers = min(len(jobs), workers or processors())
    if (workers <= 1 and not apart) or "fork" not in multiprocessing.get_all_start_methods():
        return [job() for job in jobs]
    context = multiprocessing.get_context("fork")
    next_job = context.Value("i", 0)  # the workers take jobs in turn: the long ones do not queue behind each other
    global _jobs
    _jobs = jobs
    crew: list[tuple[Any, Any]] = []
    try:
        with stops_held():
            for _ in range(workers):
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(target=_work, args=(writer, next_job, len(jobs)), daemon=True)
                process.start()
                writer.close()  # the worker's end: its exit is then seen here as the end of the pipe
                crew.append((process, reader))
        return _collect(crew, len(jobs))
    except BaseException:
        for process, _ in crew:
            process.kill()
        raise
    finally:
        _jobs = ()
        for process, reader in crew:
            process.join()
            reader.close()


def _work(writer: Any, next_job: Any, count: int) -> None:
    start_worker()
    while True:
        with next_job.get_lock():
            index = next_job.value
            next_job.value += 1
        if index >= count:
            break
        try:
            outcome = (index, True, _jobs[index]())
        except Exception as error:
            outcome = (index, False, error)
        try:
            writer.send(outcome)
        except Exception as error:  # a result or exception that cannot be pickled
            writer.send((index, False, RuntimeError(f"{type(error).__name__}: {error}")))
    writer.close()


def _collect(crew: list[tuple[Any, Any]], count: int) -> list[Any]:
    from multiprocessing.connection import Connection, wait

    results: dict[int, Any] = {}
    running = {reader: process for process, reader in crew}
    while running:
        for ready in wait(list(running)):
            reader = cast(Connection, ready)
            try:
                index, succeeded, value = reader.recv()
            except EOFError:  # the worker has ended: after its last job, or killed
                process = running.pop(reader)
                process.join()
                if process.exitcode != 0:
                    raise WorkerLost(f"worker {process.pid} ended with {process.exitcode}") from None
                continue
            if not succeeded:
                raise cast(BaseException, value)
            results[index] = value
    return [results[index] for index in range(count)]
