"""No request leaves the site's origin, on every page type, with search and diagrams running."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import SAMPLE_PAGE_TYPES
from network_watch import NetworkWatch

pytestmark = pytest.mark.browser

PAGE_TYPES = {**SAMPLE_PAGE_TYPES, "stale course": "courses/foundation/company-culture/", "not found": "404.html"}


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_makes_no_outside_request(browser, sample_server, name):
    origin = urlsplit(sample_server).netloc
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    network = NetworkWatch(page)
    page.goto(sample_server + PAGE_TYPES[name])
    page.locator("input.md-search__input").fill("投诉")  # starts the search worker and its index
    page.keyboard.press("Space")
    network.wait_until_quiet()
    page.wait_for_timeout(300)
    page.close()
    outside = [url for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")
               and urlsplit(url).netloc != origin]
    assert requests and not outside, outside


def test_path_diagram_renders_from_local_mermaid(browser, sample_server, tmp_path):
    page = browser.new_page()
    page.goto(sample_server + "paths/new-hire-30-days/")
    # Material renders the diagram into a closed shadow root of div.mermaid, from our window.mermaid.
    page.wait_for_selector("div.mermaid", timeout=15000)
    assert page.evaluate("typeof window.mermaid === 'object'")
    box = page.locator("div.mermaid").bounding_box()
    assert box and box["height"] > 50
    page.screenshot(path=str(tmp_path / "path.png"), full_page=True)
    page.close()


def test_catalog_filters_in_the_browser(browser, sample_server):
    page = browser.new_page()
    page.goto(sample_server + "catalog/")
    rows = page.locator("table.training-catalog tbody tr")
    total = rows.count()
    page.select_option("select[name=tier]", "expert")
    visible = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < total
    assert all(r.get_attribute("data-tier") == "expert" for r in visible)
    assert re.search(rf"显示 {len(visible)} / {total}", page.inner_text("[data-training-count]"))
    page.select_option("select[name=tier]", "foundation")
    page.select_option("select[name=tags]", "SOP")
    visible = [r for r in rows.all() if r.is_visible()]
    assert visible and all("SOP" in r.get_attribute("data-tags").split("|") for r in visible)
    page.select_option("select[name=tier]", "expert")
    shown = [r for r in rows.all() if r.is_visible()]
    assert page.locator("[data-training-empty]").is_visible() == (not shown)
    page.click("[data-training-filter] button[type=reset]")
    page.wait_for_timeout(100)
    assert sum(r.is_visible() for r in rows.all()) == total
    page.close()


def test_built_html_references_nothing_external(sample_site):
    pattern = re.compile(r'<(?:script|link|img|iframe|source)[^>]+(?:src|href)="(https?:)?//', re.I)
    offenders = [str(p.relative_to(sample_site.site)) for p in sample_site.site.rglob("*.html")
                 if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
