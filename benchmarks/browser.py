"""Time from opening a course page to the first search result, in headless Debian Chromium."""

from __future__ import annotations

import functools
import http.server
import statistics
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def first_result_seconds(site: Path, page: str, query: str, runs: int = 3) -> list[float]:
    """Each run in a fresh browser context (empty cache): navigation start to the first result shown."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(runs):
                context = browser.new_context()
                tab = context.new_page()
                started = time.perf_counter()
                tab.goto(url, wait_until="domcontentloaded")
                tab.locator("input.md-search__input").fill(query)
                tab.keyboard.press("Space")
                tab.keyboard.press("Backspace")
                tab.wait_for_selector(".md-search-result__item", timeout=600_000)
                times.append(time.perf_counter() - started)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)
