"""The portal's parts of every page (course cards, quizzes, listings …) made in a second process while the engine
turns the pages' Markdown into HTML in the first.

A whole build first converts every page's Markdown, one page after another, before it renders a single
template: at 1,000 courses that phase was about half of the build, on one processor, with the second idle.
The parts depend only on the site (`SitePage.parts`), not on the engine's rendering, so a process forked once the
site is loaded makes them ahead, in the engine's page order; each page then takes its own when the engine
reaches it. Anything unexpected (no fork, a part that fails there) makes the part here, as before.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from generator.forked import start_worker

if TYPE_CHECKING:
    from generator.site.pages import PageParts
    from generator.site.site import Site

_BATCH = 25  # pages per hand-over

_site: Site | None = None  # what the forked process sees


def _make(src_uris: Sequence[str]) -> list[tuple[str, PageParts]]:
    assert _site is not None, "worker started without the site"
    return [(src_uri, _site.page(src_uri).parts(_site, _site.links(src_uri))) for src_uri in src_uris]


class PartsAhead:
    """`parts(src_uri)` for the pages handed to the constructor, made ahead in a forked process."""

    def __init__(self, site: Site, src_uris: Sequence[str]) -> None:
        global _site
        _site = site
        self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=start_worker)
        self._pending: dict[str, Future] = {}
        for start in range(0, len(src_uris), _BATCH):
            batch = list(src_uris[start:start + _BATCH])
            future = self._pool.submit(_make, batch)
            for src_uri in batch:
                self._pending[src_uri] = future
        self._made: dict[str, PageParts] = {}

    @staticmethod
    def available() -> bool:
        return "fork" in multiprocessing.get_all_start_methods()

    def parts(self, src_uri: str) -> PageParts | None:
        """The page's parts, waiting for them if they are being made; None when they were not handed over or
        could not be made there (the caller makes them itself)."""
        if src_uri not in self._made:
            future = self._pending.pop(src_uri, None)
            if future is None:
                return None
            try:
                self._made.update(future.result())
            except Exception:  # noqa: BLE001 - the caller makes the part itself and meets any problem there
                return None
        return self._made.pop(src_uri, None)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pending.clear()
        self._made.clear()
