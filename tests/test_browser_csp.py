"""The shipped Content-Security-Policy, served by nginx, and the portal in Chromium: not one violation."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_PAGE_TYPES
from generator.publish.releases import publish
from network_watch import NetworkWatch
from nginx_server import Nginx
from quiz_driver import open_quiz, submit

pytestmark = pytest.mark.browser

# Served by nginx, so an unknown address exercises its 404 page.
PAGES = {**SAMPLE_PAGE_TYPES, "not found": "no/such/page/"}
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "")));
"""


@pytest.fixture(scope="module")
def portal(sample_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("csp")
    publish(sample_site.site, root / "webroot")
    server = Nginx(root / "webroot", root / "nginx").start()
    yield server
    server.stop()


@pytest.mark.parametrize("name", PAGES)
def test_no_content_security_policy_violation(page, portal, name):
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    network = NetworkWatch(page)
    response = page.goto(portal.url + PAGES[name])
    assert "content-security-policy" in response.headers
    page.locator("input.md-search__input").fill("投诉")  # the search worker starts
    page.keyboard.press("Space")
    network.wait_until_quiet()
    if name == "path":  # the prerequisite diagram (Mermaid) renders
        page.wait_for_selector("div.mermaid", timeout=15000)
    if name == "milestone quiz":
        open_quiz(page, portal.url + PAGES[name])
        submit(page)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__violations") == []
    assert [line for line in console if "Content Security Policy" in line] == []
    assert page.errors == []


def test_the_policy_is_enforced(page, portal):
    """Control: an inline script and an outside image are blocked and reported, so silence above means something."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(portal.url)
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.append(script);
        const image = new Image();
        image.src = "http://198.51.100.7/x.png";
        document.body.append(image);
    }""")
    page.wait_for_timeout(300)
    violations = page.evaluate("window.__violations")
    assert page.evaluate("window.__ran") is None
    assert any(v.startswith("script-src") for v in violations) and any(v.startswith("img-src") for v in violations)
