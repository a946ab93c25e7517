"""Chinese search in a real headless Chromium against the built sample portal."""

from __future__ import annotations

import pytest

from conftest import REPO
from generator.model import load_curriculum
from generator.search.terms import taught_terms
from search_box import ask, unique_paths

pytestmark = pytest.mark.browser

SAMPLE = load_curriculum(REPO)


def _course_url(course) -> str:
    return "/" + course.src_path.removesuffix(".md") + "/"


def _occurrences(term, course) -> int:
    return f"{course.title}\n{course.body}".count(term.term)


def most_specific_term(course):
    """The glossary term this course is most about: the largest share of the term's mentions."""
    def share(term):
        return _occurrences(term, course) / sum(_occurrences(term, other) for other in SAMPLE.courses)
    contained = [term for term in SAMPLE.glossary if term.term in course.body]
    return max(contained, key=lambda term: (share(term), _occurrences(term, course), -term.line)) if contained else None


@pytest.fixture(scope="module")
def search_page(browser, sample_server):
    page = browser.new_page()
    page.goto(sample_server)
    yield page
    page.close()


def search(page, query: str, every: bool = False) -> list[str]:
    """The result pages of a query in order, each once: the first ten, or every one."""
    ask(page, query)
    if every:  # Material renders results in batches as the list scrolls
        count = -1
        while count != page.locator("li.md-search-result__item").count():
            count = page.locator("li.md-search-result__item").count()
            page.locator("li.md-search-result__item").last.scroll_into_view_if_needed()
            page.mouse.wheel(0, 3000)
            page.wait_for_timeout(300)
    return unique_paths(page.eval_on_selector_all("li.md-search-result__item a", "els => els.map(e => e.href)"))


@pytest.mark.parametrize("course", SAMPLE.courses, ids=[c.id for c in SAMPLE.courses])
def test_course_found_by_title(search_page, course):
    assert _course_url(course) in search(search_page, course.title)[:5]


@pytest.mark.parametrize("course", SAMPLE.courses, ids=[c.id for c in SAMPLE.courses])
def test_course_found_by_a_glossary_term_it_contains(search_page, course):
    """Found in the top 5, or else only below courses that teach the term (which rank first on purpose)."""
    term = most_specific_term(course)
    assert term is not None, f"{course.id} contains no glossary term"
    results = search(search_page, term.term, every=True)
    teaching = {_course_url(c) for c in SAMPLE.courses if term in taught_terms(SAMPLE, c)}
    position = results.index(_course_url(course)) if _course_url(course) in results else len(results)
    assert position < 5 or all(page in teaching or page == "/glossary/" for page in results[:position]), term.term


ALIASED = [term for term in SAMPLE.glossary if term.aliases][:15]


@pytest.mark.parametrize("term", ALIASED, ids=[t.term for t in ALIASED])
def test_alias_finds_what_the_term_finds(search_page, term):
    """Each alias, like the term, leads to the term's definition in the glossary."""
    assert "/glossary/" in search(search_page, term.term, every=True), term.term
    for alias in term.aliases:
        assert "/glossary/" in search(search_page, alias, every=True), alias


def test_results_show_few_chips_and_every_link_carries_the_words_to_highlight(search_page):
    """A course teaching many glossary terms shows three of them, not twenty rows of chips; a whole-page result
    found through its sections opens with the word highlighted (?h= is never empty)."""
    search(search_page, "退款")
    chips = search_page.eval_on_selector_all(
        "article.md-search-result__article", "items => items.map(i => [...i.querySelectorAll('.md-tag')].filter(t => getComputedStyle(t).display !== 'none').length)")
    assert chips and max(chips) <= 3
    links = search_page.eval_on_selector_all("li.md-search-result__item a", "els => els.map(e => e.href)")
    assert links and all("h=%E9%80%80%E6%AC%BE" in href for href in links), [h for h in links if "h=%E9" not in h]
    search_page.goto(links[0])
    assert search_page.locator("article mark").first.inner_text() == "退款"
