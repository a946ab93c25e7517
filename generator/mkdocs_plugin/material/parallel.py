"""Index the pages for Material's search in a second process while MkDocs renders them.

Material's search plugin reads every rendered page with html.parser and runs jieba over the title and text of
each section, inside the build's single process: at 1,000 courses that was about a third of the build process's
time (profile in benchmarks/README.md). One page's entries do not depend on any other page, so they can be made
beside the rendering. Each page's HTML, table of contents, address and the meta Material reads go to a worker
process with jieba's dictionaries loaded; the worker runs Material's own `SearchIndex.add_entry_from_context`,
on an index made with the build's search configuration, and sends the entries back. Before Material writes
search_index.json the entries are put in the index in page order, so the file is byte for byte the one
Material would write alone.

The worker is forked as the build starts (`EarlyWorkers`), before the content is read and before Material's
on_config, whose jieba options it then applies itself: jieba's dictionary (about a second) loads on the second
processor while the build process reads the content, instead of once the first pages are rendered, when the
worker's backlog decides when the build ends.

Anything unexpected (no jieba, no fork, Material's internals renamed) leaves Material's own serial path in
place: slower, never different.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.forked import start_worker, stops_held
from generator.mkdocs_plugin.log import log
from generator.mkdocs_plugin.material import segmenter
from generator.mkdocs_plugin.material.prebuilt import postings_for
from generator.mkdocs_plugin.material.search import load_dictionary

# Material's SearchIndex methods replaced on the instance while a build runs.
_REPLACED = ("add_entry_from_context", "generate_search_index")

# In a worker: the index it makes entries with, made from the first batch's setup (a worker may be forked before
# Material's on_config has made the build's).
_worker_index: Any = None
_worker_setup: IndexSetup | None = None
_worker_failed: Exception | None = None  # what preparing jieba raised


@dataclass(frozen=True)
class MaterialJieba:
    """What Material's on_config gives jieba (its `jieba_dict` and `jieba_dict_user` options)."""

    dictionary: str | None = None
    user_dictionary: str | None = None

    @classmethod
    def of(cls, search_plugin: Any) -> MaterialJieba:
        """The files as Material opens them: normalised, relative to the current folder, only if they exist."""
        config = getattr(search_plugin, "config", None) or {}
        paths = [os.path.normpath(config[key]) if config.get(key) else None for key in ("jieba_dict", "jieba_dict_user")]
        dictionary, user_dictionary = [path if path and os.path.isfile(path) else None for path in paths]
        return cls(dictionary, user_dictionary)


@dataclass(frozen=True)
class IndexSetup:
    """What a worker needs to make entries as the build's index would: the index's class and configuration, and
    the portal's words for jieba."""

    index_type: type
    config: dict[str, Any]
    words: str | None


def _prepare_worker(material: MaterialJieba | None) -> None:
    """A worker's first step: jieba's dictionary loaded before any page comes. A worker forked before Material's
    on_config (`material` given) first gives jieba what that on_config gives it in the build process, in the
    same order; one forked after it has inherited that. A dictionary jieba refuses is refused by the build
    process too (Material's on_config, or its first page): the error is kept for the first batch, whose caller
    reports it, rather than printed here with the pool's traceback."""
    global _worker_failed
    from material.plugins.search import plugin as material_search

    start_worker()
    jieba = material_search.jieba
    jieba.setLogLevel(logging.WARNING)  # its English notes about loading a dictionary say nothing to a trainer
    try:
        if material is not None and material.dictionary:
            jieba.set_dictionary(material.dictionary)
        if material is not None and material.user_dictionary:
            jieba.load_userdict(material.user_dictionary)
        jieba.initialize()
        segmenter.install(jieba)
    except Exception as error:  # noqa: BLE001 - raised again with the first batch (`_index_of`)
        _worker_failed = error


def _ready() -> None:
    """Nothing: submitted once so that the pool forks its processes now (concurrent.futures forks a pool's
    processes at its first submission)."""


def _index_of(setup: IndexSetup) -> Any:
    global _worker_index, _worker_setup
    if _worker_failed is not None:
        raise _worker_failed
    if _worker_setup is None:
        if setup.words:
            load_dictionary(Path(setup.words))
        _worker_index, _worker_setup = setup.index_type(**setup.config), setup
    assert _worker_setup == setup, "one worker serves one build"
    return _worker_index


@dataclass(frozen=True)
class PageText:
    """What Material's indexing reads of a page, sent to the worker."""

    content: str
    toc: Any
    url: str
    title: str | None
    meta: dict[str, Any]

    @classmethod
    def of(cls, page: Any, content: str | None = None) -> PageText:
        meta = {key: page.meta[key] for key in ("title", "tags", "search") if key in page.meta}
        return cls(page.content if content is None else content, page.toc, page.url, page.title, meta)


# Pages per hand-over: each one wakes the pool's manager thread through a pipe, which on a busy build process
# waited about 3 ms a time (a third of a second every hundred pages) when every page went alone.
_BATCH = 20


def _index_pages(setup: IndexSetup, pages: list[PageText]) -> list[list[dict[str, Any]]]:
    """Each page's entries, made by Material's own method."""
    index = _index_of(setup)
    made = []
    for page in pages:
        index.entries = []
        index.add_entry_from_context(page)
        made.append(index.entries)
    return made


class EarlyWorkers:
    """Worker processes forked when the build starts, before the content is read, each loading jieba's dictionary
    meanwhile; `start_parallel_indexing` takes them over, or `close()` stops them."""

    def __init__(self, workers: int, material: MaterialJieba) -> None:
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("fork"), initializer=_prepare_worker, initargs=(material,))
        with stops_held():  # a worker stopped at once (`close`) must not run the build's own SIGTERM handler
            self.pool.submit(_ready)

    def take(self) -> ProcessPoolExecutor | None:
        pool, self.pool = self.pool, None
        return pool

    def close(self) -> None:
        """Stop the workers at once: a build that failed while reading its content, or wants fewer workers, should
        not wait for (or share a processor with) a dictionary it will not use."""
        pool, self.pool = self.pool, None
        if pool is not None:
            # concurrent.futures can stop a pool's workers only once their current task ends (before 3.14)
            processes = list(pool._processes.values())  # noqa: SLF001
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()


def _segmenting_search(workers: int) -> Any:
    """Material's search plugin module, where workers can segment for it: some wanted, fork, jieba; else None."""
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    try:
        from material.plugins.search import plugin as material_search
    except ImportError:
        return None
    return material_search if getattr(material_search, "jieba", None) is not None else None


def start_early_workers(search_plugin: Any, workers: int) -> EarlyWorkers | None:
    """Search workers forked now, for a build that will index in parallel; None where it will not (no workers,
    no fork, no jieba)."""
    if _segmenting_search(workers) is None:
        return None
    return EarlyWorkers(workers, MaterialJieba.of(search_plugin))


class _Batch:
    """Pages handed to the worker together; `entries(n)` waits for the n-th page's."""

    __slots__ = ("pages", "future")

    def __init__(self) -> None:
        self.pages: list[PageText] = []
        self.future: Future | None = None

    def entries(self, position: int) -> list[dict[str, Any]]:
        assert self.future is not None, "batch never handed over"
        return self.future.result()[position]


class ParallelIndexing:
    """Installed on Material's SearchIndex instance; `close()` after the index is written.

    A page is handed over as soon as its HTML is final (`page_rendered`, from the portal's on_page_content), while
    MkDocs still converts the other pages' Markdown with the second processor mostly idle, rather than when
    Material indexes it (on_page_context, once every page is converted). Material's call then only takes the
    entries' place in the index, in its own order; a page whose HTML, address, title or meta changed in between
    is handed over again as it is then."""

    def __init__(self, search_index: Any, workers: int, words: Path | None = None,
                 early: EarlyWorkers | None = None, prebuild: bool = False) -> None:
        # The prebuilt index's postings, made from each entry as it comes back while the build waits for the rest
        # (generator.mkdocs_plugin.material.prebuilt); None for a search setup that is not prebuilt.
        self.postings = postings_for(search_index.config) if prebuild else None
        self.pages = 0  # indexed by Material
        self.handed_over = 0  # sent to the worker (a page changed after it was rendered goes twice)
        self.ahead = 0  # indexed from what was sent when the page was rendered
        self.workers = workers
        self._index = search_index
        self._order: list[tuple[_Batch, int]] = []  # each indexed page's entries, in Material's order
        self._early: dict[int, tuple[PageText, _Batch, int]] = {}  # by id(page), until Material indexes it
        self._batch = _Batch()
        # The worker loads jieba and the portal's words itself (about a second the build process is spared).
        self._setup = IndexSetup(type(search_index), dict(search_index.config), str(words) if words else None)
        pool = early.take() if early is not None and early.workers == workers else None
        if early is not None:
            early.close()
        self._pool = pool or ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                                 initializer=_prepare_worker, initargs=(None,))
        self.early = pool is not None
        search_index.add_entry_from_context = self._add_page
        search_index.generate_search_index = self._generate

    def page_rendered(self, page: Any, html: str) -> None:
        """The page's final HTML (before Material's on_page_context sets nothing but the same on `page.content`)."""
        text = PageText.of(page, content=html)
        self._early[id(page)] = (text, *self._queue(text))

    def _add_page(self, page: Any) -> None:
        text = PageText.of(page)
        early = self._early.pop(id(page), None)
        if early is not None and early[0] == text:
            self._order.append((early[1], early[2]))
            self.ahead += 1
        else:
            self._order.append(self._queue(text))
        self.pages += 1

    def _queue(self, text: PageText) -> tuple[_Batch, int]:
        batch = self._batch
        batch.pages.append(text)
        self.handed_over += 1
        if len(batch.pages) >= _BATCH:
            self.hand_over()
        return batch, len(batch.pages) - 1

    def hand_over(self) -> None:
        """Send the pages queued so far (the portal calls it once every page's Markdown is converted)."""
        if self._batch.pages:
            self._batch.future = self._pool.submit(_index_pages, self._setup, self._batch.pages)
            self._batch = _Batch()

    def _generate(self, prev: Any) -> str:
        """Material's own, once every page's entries are back in the index, in page order."""
        self.hand_over()
        order, self._order = self._order, []
        self._early.clear()
        entries = self._index.entries
        for batch, position in order:
            for entry in batch.entries(position):  # waits for the worker's later batches meanwhile
                entries.append(entry)
                if self.postings is not None:
                    self.postings.add(entry)
        return type(self._index).generate_search_index(self._index, prev)

    def close(self, *, cancel: bool = False) -> None:
        """Wait for (or cancel) the work still queued and stop the worker. Material's methods are restored for any
        later build."""
        self._pool.shutdown(wait=True, cancel_futures=cancel)
        self._order, self._batch = [], _Batch()
        self._early.clear()
        for name in _REPLACED:
            self._index.__dict__.pop(name, None)
        if not cancel:
            started = ", started with the build," if self.early else ""
            log.info(f"Search entries of {self.pages} pages made by {self.workers} worker process(es){started} alongside "
                     f"the page rendering, {self.ahead} of them from the page's HTML as soon as it was final")


def worker_count(busy: int = 0) -> int:
    """One processor renders and `busy` ones print handbooks; the rest (at most 3) index. On two
    processors with a handbook printing, an indexing process would only take turns with the printer
    (measured: no gain), so there is none."""
    return max(0, min(3, (os.cpu_count() or 1) - 1 - busy))


def start_parallel_indexing(search_plugin: Any, workers: int, words: Path | None = None,
                            early: EarlyWorkers | None = None, prebuild: bool = False) -> ParallelIndexing | None:
    """Install on the search plugin's index, or None where Material's serial path must stay; `words`: the jieba
    user dictionary the worker loads (search.write_dictionary); `early`: workers forked as the build started,
    taken over when there are as many as wanted, else stopped; `prebuild`: the build prebuilds the search index,
    whose postings are then made as the entries come back (`ParallelIndexing.postings`)."""
    parallel = None
    try:
        parallel = _start(search_plugin, workers, words, early, prebuild)
    finally:
        if parallel is None and early is not None:
            early.close()
    return parallel


def _start(search_plugin: Any, workers: int, words: Path | None, early: EarlyWorkers | None,
           prebuild: bool) -> ParallelIndexing | None:
    material_search = _segmenting_search(workers)
    index = getattr(search_plugin, "search_index", None)
    # The worker makes its own index from the configuration: an index of another class, or one another plugin
    # has changed (a method replaced, state added), keeps the serial path, which uses that very object.
    if material_search is None or type(index) is not material_search.SearchIndex \
            or set(vars(index)) - {"config", "entries"}:
        return None
    if not all(callable(getattr(index, name, None)) for name in _REPLACED):
        return None
    return ParallelIndexing(index, workers, words, early, prebuild)
