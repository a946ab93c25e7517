"""The site layer on its own, without an engine: which page a source is, what the portal makes of a page's
HTML, and what a preview keeps when the content breaks."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from conftest import FIXTURES
from generator.errors import ContentError
from generator.model.layout import ContentLayout
from generator.render import create_environment
from generator.site.options import SiteOptions
from generator.site.page_html import DEFERRED_MARKER, join_deferred, portal_html
from generator.site.pages import CoursePage, MilestoneQuizPage, OrdinaryPage
from generator.site.preview import load_keeping_last_good
from generator.site.site import Site, SiteCache, load_site_content

COURSE = "courses/basic/etiquette.md"


@pytest.fixture(scope="module")
def layout(tmp_path_factory) -> ContentLayout:
    root = tmp_path_factory.mktemp("site-layer") / "content"
    shutil.copytree(FIXTURES / "minimal", root)
    return ContentLayout(root)


@pytest.fixture(scope="module")
def site(layout) -> Site:
    options = SiteOptions(build_date=dt.date(2026, 11, 1), handbook_pdfs=False, roleplay_kits=False)
    return Site(load_site_content(layout), options, create_environment())


def test_each_source_is_the_page_of_its_kind(site):
    assert isinstance(site.page(COURSE), CoursePage) and site.page(COURSE).course.id == "service-etiquette"
    assert isinstance(site.page("quizzes/etiquette-check.md"), MilestoneQuizPage)
    assert isinstance(site.page("about.md"), OrdinaryPage)  # a trainer's own page
    generated = {page.src_uri for page in site.generated_pages()}
    assert {"catalog.md", "glossary.md", "quizzes/etiquette-check.md"} <= generated and COURSE not in generated


def test_a_course_page_is_audited_sanitised_and_carded(site):
    page = portal_html(site, COURSE, '<p>正文</p><img src="https://tracker.example/p.png"><script>x()</script>', "curriculum")
    assert page.course_id == "service-etiquette" and "<script" not in page.html and "tracker.example" not in page.html
    assert page.warnings and all(w.startswith(f"curriculum/{COURSE}: ") and w.endswith("[B901]") for w in page.warnings)
    assert page.trainer_html in page.html and page.html.index("training-card") < page.html.index("<p>正文</p>")
    assert 'data-training-quiz="etiquette-check"' in page.deferred and page.html.endswith(DEFERRED_MARKER)  # after search
    plain = portal_html(site, "courses/basic/products.md", "<p>正文</p>", "curriculum")  # a course without a quiz
    assert plain.deferred == "" and DEFERRED_MARKER not in plain.html and plain.warnings == []


def test_a_milestone_quiz_joins_the_page_after_search_has_read_it(site):
    page = portal_html(site, "quizzes/etiquette-check.md", "<h1>第 1 周测验</h1>", "curriculum")
    assert page.course_id is None and page.warnings == []
    assert page.html.endswith(DEFERRED_MARKER) and "training-quiz" in page.deferred and "training-quiz" not in page.html
    assert join_deferred(f"<main>{page.html}</main>", page.deferred) == f"<main>{page.html.replace(DEFERRED_MARKER, page.deferred)}</main>"


def test_a_preview_keeps_the_last_good_content_and_a_build_stops(layout, site):
    course = layout.docs / COURSE
    text = course.read_text(encoding="utf-8")
    course.write_text(text.replace("tier: foundation", "tier: advnced"), encoding="utf-8")
    try:
        kept, error = load_keeping_last_good(layout, SiteCache(), site.curriculum, serving=True)
        assert kept is site.curriculum and error is not None
        assert [(p.file, p.field) for p in error.problems] == [(f"curriculum/{COURSE}", "tier")]
        for last_good, serving in ((site.curriculum, False), (None, True)):
            with pytest.raises(ContentError):
                load_keeping_last_good(layout, SiteCache(), last_good, serving=serving)
    finally:
        course.write_text(text, encoding="utf-8")
    fresh, error = load_keeping_last_good(layout, SiteCache(), site.curriculum, serving=True)
    assert error is None and fresh is not site.curriculum


def test_parts_made_ahead_in_another_process_are_those_made_here(site):
    """A build makes every page's parts in a forked process while the engine renders Markdown (parts_ahead.py):
    the same parts, page for page; a page not handed over is left to the caller."""
    from generator.site.parts_ahead import PartsAhead

    sources = [COURSE, "quizzes/etiquette-check.md", "catalog.md", "index.md"]
    ahead = PartsAhead(site, sources)
    try:
        for src_uri in sources:
            made = ahead.parts(src_uri)
            assert made == site.page(src_uri).parts(site, site.links(src_uri)), src_uri
        assert ahead.parts("glossary.md") is None and ahead.parts(COURSE) is None  # not handed over; taken once
    finally:
        ahead.close()
