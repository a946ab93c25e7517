"""Segment the Chinese text of Material's search index in a second process while MkDocs renders pages.

Material's search plugin runs jieba over the title and text of every section of every page, inside
the build's single process: at 1,000 courses that is about a quarter of the portal's build time
(profile in benchmarks/README.md). One page's segmentation does not depend on any other page, so it
can run beside the rendering. Each page's strings go, as one batch, to a worker process forked after
Material has given jieba its dictionaries, so the worker segments with exactly the state the build
process has, through Material's own function. The index entries hold placeholders; Material writes
search_index.json with `json.dumps(..., default=str)`, and a placeholder's str() is the segmented
text, so the file is byte for byte the one Material would write alone.

Anything unexpected (no jieba, no fork, Material's internals renamed) leaves Material's own serial
path in place: slower, never different.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from generator.mkdocs_plugin.log import log

# Material's SearchIndex methods replaced on the instance while a build runs.
_REPLACED = ("_segment_chinese", "add_entry_from_context")

# Set before the pool forks, so every worker inherits Material's segmenting function (bound to the
# search plugin's index, with jieba's dictionaries already loaded).
_worker_segment: Callable[[str], str] | None = None


def _segment_batch(strings: list[str]) -> list[str]:
    assert _worker_segment is not None, "worker started without Material's segmenting function"
    return [_worker_segment(text) for text in strings]


class _Batch:
    __slots__ = ("strings", "future")

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.future: Future | None = None


class SegmentedText:
    """Stands in an index entry for a string the worker is segmenting; str() waits for the result."""

    __slots__ = ("_batch", "_index")

    def __init__(self, batch: _Batch, index: int) -> None:
        self._batch, self._index = batch, index

    def __str__(self) -> str:
        assert self._batch.future is not None, "batch was never submitted"
        return self._batch.future.result()[self._index]


class ParallelSegmentation:
    """Installed on Material's SearchIndex instance; `close()` after the index is written."""

    def __init__(self, search_index: Any, workers: int) -> None:
        global _worker_segment
        self._segment = _worker_segment = search_index._segment_chinese
        self.pages = 0
        self.workers = workers
        self._index = search_index
        self._add_entry = search_index.add_entry_from_context
        self._batch: _Batch | None = None
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        search_index._segment_chinese = self._defer
        search_index.add_entry_from_context = self._add_page

    def _defer(self, text: str) -> SegmentedText | str:
        if self._batch is None:  # called outside a page: do it here, as Material would
            return self._segment(text)
        self._batch.strings.append(text)
        return SegmentedText(self._batch, len(self._batch.strings) - 1)

    def _add_page(self, page: Any) -> None:
        self._batch = _Batch()
        try:
            self._add_entry(page)
        finally:
            batch, self._batch = self._batch, None
        if batch.strings:
            batch.future = self._pool.submit(_segment_batch, batch.strings)
            self.pages += 1

    def close(self, *, cancel: bool = False) -> None:
        """Wait for (or cancel) the work still queued and stop the worker; results already handed
        out stay readable. Material's methods are restored for any later build."""
        global _worker_segment
        self._pool.shutdown(wait=True, cancel_futures=cancel)
        _worker_segment = None  # the search index is not kept alive past its build
        for name in _REPLACED:
            self._index.__dict__.pop(name, None)
        if not cancel:
            log.info(f"Search text of {self.pages} pages segmented by {self.workers} worker process(es) "
                     "alongside the page rendering")


def worker_count(busy: int = 0) -> int:
    """One processor renders and `busy` ones print handbooks; the rest (at most 3) segment. On two
    processors with a handbook printing, a segmenting process would only take turns with the printer
    (measured: no gain), so there is none."""
    return max(0, min(3, (os.cpu_count() or 1) - 1 - busy))


def start_parallel_segmentation(search_plugin: Any, workers: int) -> ParallelSegmentation | None:
    """Install on the search plugin's index, or None where Material's serial path must stay."""
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        from material.plugins.search import plugin as material_search
    except ImportError:
        return None
    index = getattr(search_plugin, "search_index", None)
    if getattr(material_search, "jieba", None) is None or not isinstance(index, material_search.SearchIndex):
        return None
    if not all(callable(getattr(index, name, None)) for name in _REPLACED):
        return None
    return ParallelSegmentation(index, workers)
