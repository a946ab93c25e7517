"""Waiting until a page's network is quiet, counted from the page's own request events.

Playwright's `networkidle` load state is lost for good when a request finishes before DOMContentLoaded while a
parser-blocking script still runs (microsoft/playwright#42598; the state is marked discouraged). The path page's
Mermaid script is such a script: on a loaded CI machine the wait ran out after 30 s with nothing in flight.
"""

from __future__ import annotations

import time

QUIET_SECONDS = 0.5  # what Playwright's networkidle waits for
TIMEOUT_SECONDS = 30.0


class NetworkWatch:
    """The requests of one page (its workers' included) in flight; make it before the page navigates."""

    def __init__(self, page) -> None:
        self.page = page
        self.in_flight: dict[object, str] = {}
        self.seen: list[str] = []
        self.last_change = time.monotonic()
        page.on("request", self._started)
        page.on("requestfinished", self._ended)
        page.on("requestfailed", self._ended)

    def _started(self, request) -> None:
        self.in_flight[request] = request.url
        self.seen.append(request.url)
        self.last_change = time.monotonic()

    def _ended(self, request) -> None:
        self.in_flight.pop(request, None)
        self.last_change = time.monotonic()

    def wait_until_quiet(self, quiet: float = QUIET_SECONDS, timeout: float = TIMEOUT_SECONDS) -> None:
        """Returns once no request has been in flight for `quiet` seconds; fails naming those still in flight.
        A request of a worker the page terminates gets no end event from Playwright: the wait would fail on it
        (no page under test terminates a worker that is fetching)."""
        deadline = time.monotonic() + timeout
        self.page.wait_for_timeout(50)  # the events Playwright holds, delivered before the first look
        while self.in_flight or time.monotonic() - self.last_change < quiet:
            if time.monotonic() > deadline:
                raise AssertionError(f"network not quiet after {timeout:.0f} s; in flight: "
                                     f"{sorted(self.in_flight.values())}")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the page's events
