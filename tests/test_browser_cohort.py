"""A cohort page in headless Chromium: today's and the next session marked for a fixed date, the calendar
download, no outside request, nothing wider than a phone, no serious accessibility violation."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from network_watch import NetworkWatch
from test_browser_accessibility import serious_violations

pytestmark = pytest.mark.browser

COHORT = "cohorts/new-hire-2027-03/"


def marks(page) -> list[str]:
    page.wait_for_selector("[data-training-now]:not([hidden])")
    return [mark.strip() for mark in page.locator("[data-training-mark]").all_inner_texts()]


@pytest.mark.parametrize("today, expected, note", [
    ("2027-03-01", ["今天 · 下一场", "今天", "", ""], "今天有 2 场安排，已标出。"),
    ("2027-03-05", ["", "", "", "下一场"], "下一场安排已标出。"),
    ("2027-04-01", ["", "", "", ""], "日程中的安排都已结束。"),
])
def test_today_and_the_next_session_are_marked(page, fixture_server, today, expected, note):
    page.goto(f"{fixture_server}{COHORT}?today={today}")
    assert marks(page) == expected
    assert page.locator("[data-training-now]").inner_text() == note
    rows = page.locator("[data-training-schedule] tbody tr")
    assert [("training-session--today" in (rows.nth(i).get_attribute("class") or "")) for i in range(4)] == \
        [mark.startswith("今天") for mark in expected]
    assert page.errors == []


def test_calendar_downloads_from_the_site(page, fixture_server):
    page.goto(fixture_server + COHORT)
    link = page.locator("[data-training-calendar]")
    assert link.inner_text() == "下载日历（.ics，共 4 场）"
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    assert response.text().startswith("BEGIN:VCALENDAR") and response.text().count("BEGIN:VEVENT") == 4


def test_nothing_from_elsewhere_nothing_too_wide_nothing_serious(browser, fixture_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    network = NetworkWatch(page)
    page.goto(fixture_server + COHORT + "?today=2027-03-01")
    network.wait_until_quiet()
    origin = urlsplit(fixture_server).netloc
    assert requests and all(urlsplit(url).netloc == origin for url in requests if urlsplit(url).scheme in ("http", "https"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(page) == []
    context.close()
