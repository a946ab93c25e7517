"""Pages audited as the engine writes them, in a process beside the rendering, instead of read back from disk
and parsed again once the whole site is written (the audit of every page was about a fifth of a build at
1,000 courses, all of it after the last page).

The end-of-build audit (`site_check.audit_site`) still walks every published file: a page whose bytes are
exactly those audited here is not parsed again; anything else (static files, templates the engine renders
itself, a page changed after it was handed over) is audited there as before.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor

from generator.forked import start_worker
from generator.publish.site_check import PageAudit, audit_bytes, audit_text

_BATCH = 20  # pages per hand-over: fewer round trips, and the worker never waits long for work


def _audit_batch(pages: list[tuple[str, str]]) -> list[tuple[str, PageAudit]]:
    return [(page, audit_text(page, content)) for page, content in pages]


def _audit_copied(files: list[tuple[str, bytes]]) -> list[tuple[str, PageAudit]]:
    return [(path, audit_bytes(path, raw)) for path, raw in files]


class AuditAsWritten:
    """`add(page, html)` for each page as written; `results()` once all are written; `close()` always.
    `beside=False` audits here, as pages come (a preview's rebuild writes a handful: a process would cost more
    to start than it saves)."""

    def __init__(self, beside: bool = True) -> None:
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=start_worker) \
            if beside else None
        self._batch: list[tuple[str, str]] = []
        self._futures: list[Future] = []
        self._done: dict[str, PageAudit] = {}

    @staticmethod
    def available() -> bool:
        return "fork" in multiprocessing.get_all_start_methods()

    def add(self, page: str, html: str) -> None:
        if self._pool is None:
            self._done[page] = audit_text(page, html)
            return
        self._batch.append((page, html))
        if len(self._batch) >= _BATCH:
            self._hand_over()

    @property
    def beside(self) -> bool:
        return self._pool is not None

    def add_copied(self, files: list[tuple[str, bytes]]) -> None:
        """Files the engine copies as they are (stylesheets, images), audited beside the rendering, where the
        end-of-build audit would read them after the last page (Material's stylesheet alone took a third of a
        second there). Only `beside`: auditing here, the end-of-build audit reads them as before."""
        if self._pool is not None and files:
            self._futures.append(self._pool.submit(_audit_copied, files))

    def _hand_over(self) -> None:
        if self._batch and self._pool is not None:
            self._futures.append(self._pool.submit(_audit_batch, self._batch))
            self._batch = []

    def results(self) -> dict[str, PageAudit]:
        self._hand_over()
        return {**self._done, **{page: audit for future in self._futures for page, audit in future.result()}}

    def close(self, *, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=not cancel, cancel_futures=cancel)
        self._futures = []
