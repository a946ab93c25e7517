"""The tests' own wait for a quiet network (network_watch.py): it waits for what is in flight and names it."""

from __future__ import annotations

import pytest

from network_watch import NetworkWatch

pytestmark = pytest.mark.browser

PAGE = "http://training.invalid/"


def test_it_waits_for_a_late_request_and_fails_naming_one_that_never_ends(page):
    held = []
    page.route(PAGE, lambda route: route.fulfill(content_type="text/html", body=(
        "<!doctype html><title>t</title><script>"
        "setTimeout(() => fetch('late.json'), 300);"
        "</script>")))
    page.route(PAGE + "late.json", lambda route: route.fulfill(content_type="application/json", body="{}"))
    page.route(PAGE + "never.json", lambda route: held.append(route))  # never answered
    network = NetworkWatch(page)
    page.goto(PAGE)
    network.wait_until_quiet(quiet=0.6)
    assert sorted(network.seen) == [PAGE, PAGE + "late.json"]  # waited out the request started after 300 ms
    with page.expect_request(PAGE + "never.json"):
        page.evaluate("() => { fetch('never.json'); }")
    with pytest.raises(AssertionError, match=r"in flight: \['http://training.invalid/never.json'\]"):
        network.wait_until_quiet(timeout=2)
    assert held
