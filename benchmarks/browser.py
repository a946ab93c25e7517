"""Time from opening a course page to the first search result, in headless Debian Chromium.

Two clocks: the page's own (navigation start to the frame after the first result entered the DOM,
recorded by a MutationObserver and requestAnimationFrame) and Playwright's wall clock around the
same steps. The driver's clock includes its own round trips (typing, then polling for the result):
0.2 to 0.5 s that the reader never waits for, and not the same for every page. The page's clock is
what the reader sees; both are reported."""

from __future__ import annotations

import contextlib
import functools
import http.server
import statistics
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


# Installed before any page script: the first result's paint, on the page's clock (0 = navigation start).
_FIRST_RESULT_PAINT = """
window.__firstResultPaint = new Promise((resolve) => {
  new MutationObserver((records, observer) => {
    if (!document.querySelector(".md-search-result__item")) return;
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
  }).observe(document, {subtree: true, childList: true});
});
"""


@dataclass(frozen=True)
class SearchTiming:
    painted: float
    """seconds, page clock: navigation start to the first result painted"""
    driver: float
    """seconds, Playwright's wall clock for the same steps"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def site_in_chromium(site: Path, page: str) -> Iterator[tuple[Any, str]]:
    """The site served on a local port and a headless Debian Chromium: yields the browser and the page's URL."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser, f"http://127.0.0.1:{server.server_address[1]}/{page}"
            browser.close()
    finally:
        server.shutdown()


def search_first_result(tab: Any, url: str, query: str) -> None:
    """Open the page, type the query as soon as the page is parsed, wait for the first result."""
    tab.add_init_script(_FIRST_RESULT_PAINT)
    tab.goto(url, wait_until="domcontentloaded")
    tab.locator("input.md-search__input").fill(query)
    tab.keyboard.press("Space")
    tab.keyboard.press("Backspace")
    tab.wait_for_selector(".md-search-result__item", timeout=600_000)


def first_result_seconds(site: Path, page: str, query: str, runs: int = 3) -> list[SearchTiming]:
    """Each run in a fresh browser context (empty cache), typing as soon as the page is parsed."""
    times = []
    with site_in_chromium(site, page) as (browser, url):
        for _ in range(runs):
            context = browser.new_context()
            tab = context.new_page()
            started = time.perf_counter()
            search_first_result(tab, url, query)
            driver = time.perf_counter() - started
            times.append(SearchTiming(tab.evaluate("window.__firstResultPaint") / 1000, driver))
            context.close()
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)
