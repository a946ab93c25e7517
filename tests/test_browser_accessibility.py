"""axe-core (bundled in tests/vendor, never fetched) on the portal's page types; no-JS and print views."""

from __future__ import annotations

from pathlib import Path

import pytest

from network_watch import NetworkWatch
from quiz_driver import COURSE_WITH_QUIZ, open_quiz, submit

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "catalog": "catalog/",
    "course with quiz": "courses/advanced/complaint-deescalation/",
    "path": "paths/new-hire-30-days/",
    "milestone quiz": "quizzes/new-hire-week2-check/",
    "scenario": "scenarios/promo-delay-third-call/",
    "cohort": "cohorts/new-hire-2026-12/",
}


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page, sample_server, name):
    network = NetworkWatch(page)
    page.goto(sample_server + PAGES[name])
    network.wait_until_quiet()
    assert page.title()  # a real page, not a 404
    assert serious_violations(page) == []


def test_quiz_results_have_no_serious_accessibility_violations(page, sample_server):
    open_quiz(page, sample_server + PAGES["milestone quiz"])
    submit(page)
    assert serious_violations(page) == []


def test_without_javascript_the_quiz_is_a_list_with_folded_answers(browser, fixture_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(fixture_server + COURSE_WITH_QUIZ)
    questions = page.locator(".training-quiz__static > li")
    assert questions.count() == 6 and questions.first.is_visible()
    assert not page.locator(".training-quiz__app").is_visible()
    answer = page.locator(".training-quiz__answer").first
    assert answer.locator("summary").inner_text() == "查看答案与解析"
    assert not answer.get_by_text("正确答案", exact=False).is_visible()
    answer.locator("summary").click()
    assert answer.get_by_text("正确答案", exact=False).is_visible()
    context.close()


def test_printing_a_course_shows_questions_without_answers_or_controls(page, fixture_server):
    open_quiz(page, fixture_server + COURSE_WITH_QUIZ)
    page.emulate_media(media="print")
    assert page.locator(".training-quiz__static").is_visible()
    assert page.locator(".training-quiz__static > li").first.is_visible()
    assert not page.locator(".training-quiz__app").is_visible()
    assert not page.locator(".training-quiz__answer").first.is_visible()
    assert not page.locator("[data-training-progress]").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    pdf_text_visible = page.evaluate("document.body.innerText")
    assert "正确答案" not in pdf_text_visible and "提交答案" not in pdf_text_visible
