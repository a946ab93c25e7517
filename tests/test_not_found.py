"""An address the portal does not have: a Chinese page with three ways back, styled and working at any depth,
under a sub-path too (served by the shipped nginx configuration, looked at in Chromium)."""

from __future__ import annotations

import shutil

import pytest

from conftest import make_repo, site_config
from nginx_server import Nginx

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    root = tmp_path_factory.mktemp("not-found")
    repo = make_repo(root / "repo")
    repo.write("mkdocs.yml", site_config().replace("site_name:", "site_url: https://intranet.example/portal/\nsite_name:", 1))
    result = repo.run("build", "--strict")
    assert result.returncode == 0, result.stderr
    shutil.copytree(repo.site, root / "webroot" / "current" / "portal")
    server = Nginx(root / "webroot", root / "nginx", sub_path="portal").start()
    yield server
    server.stop()


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_an_unknown_address_answers_in_chinese_with_ways_back(page, portal, width, height):
    page.set_viewport_size({"width": width, "height": height})
    response = page.goto(portal.url + "portal/courses/no/such/page/")
    assert response.status == 404
    assert page.title().startswith("页面不存在")
    assert page.locator("article h1").inner_text() == "页面不存在"
    assert "Not found" not in page.content()
    # Material's stylesheet came from the portal's own folder, so the page is styled at this depth.
    assert page.evaluate("[...document.styleSheets].some(s => (s.href || '').includes('/portal/assets/'))")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ways = page.locator(".training-404__ways .md-button")
    assert ways.all_inner_texts() == ["返回首页", "课程目录", "搜索课程"]
    for box in (ways.nth(i).bounding_box() for i in range(3)):
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.screenshot(path=str(portal.workdir / f"404-{width}.png"), full_page=True)

    page.get_by_text("搜索课程").click()
    assert page.locator("#__search").is_checked()  # Material's search opens on this page
    page.keyboard.press("Escape")
    ways.nth(1).click()
    page.wait_for_url(portal.url + "portal/catalog/")
    assert "课程目录" in page.title()
    page.go_back()
    page.locator(".training-404__ways .md-button").first.click()
    page.wait_for_url(portal.url + "portal/")
    assert page.evaluate("document.querySelector('.md-header') !== null")


def test_heading_anchors_have_a_chinese_tooltip(built_fixture_site):
    html = built_fixture_site.html("courses/basic/complaints")
    assert 'class="headerlink"' in html and 'title="本节链接"' in html and "Permanent link" not in html
