"""Material's search box, typed into as a reader does (the browser tests of search share it)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

# This text's answer is on the page: the box holds it and the count line no longer asks the reader to type
# (an empty box's answer is that request).
ANSWERED = """(typed) => { const meta = document.querySelector('.md-search-result__meta');
                           return meta && document.querySelector('input.md-search__input').value === typed
                                  && /键入|type/i.test(meta.textContent) === !typed; }"""


def ask(page, query: str) -> None:
    """Empty the box, type the query and wait for its answer.

    Material searches on each key released: a key that moves the cursor (End) sends the box's text once
    (Space and Backspace would send it with a trailing space first). The box is emptied first, so that the
    answer read is this query's and not the last one's. Material writes the answer's count and its first ten
    results in one go; further results come in fours as the list is scrolled."""
    box = page.locator("input.md-search__input")
    box.click()
    for typed in ("", query):
        box.fill(typed)
        page.keyboard.press("End")
        page.wait_for_function(ANSWERED, arg=typed, timeout=15000)


def unique_paths(hrefs: Iterable[str]) -> list[str]:
    """The pages the result links point to, in order, each once (a page's sections link to it again)."""
    pages: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path
        if path not in pages:
            pages.append(path)
    return pages
