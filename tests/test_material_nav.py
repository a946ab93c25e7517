"""The primary navigation the portal writes in Python (generator/mkdocs_plugin/material/nav.py) is Material's:
both are rendered into every page of a built site, in the same template context, and compared tag for tag,
attribute for attribute and word for word. A Material release that changes its navigation fails here."""

from __future__ import annotations

import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, ContentRepo
from generator.mkdocs_plugin.material.theme import THEME_DIR

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import generate  # noqa: E402

MATERIAL_NAV = Path(__import__("material").__file__).parent / "templates" / "partials" / "nav.html"


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("start", tag, tuple(sorted((name, " ".join((value or "").split())) for name, value in attrs))))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag))

    def handle_data(self, data):
        if data.split():
            self.tokens.append(("text", " ".join(data.split())))


def tokens(html: str) -> list[tuple]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return parser.tokens


@pytest.fixture(scope="module")
def both_navs(tmp_path_factory) -> ContentRepo:
    """100 generated courses (tiers large enough to be grouped by folder, so pruning is exercised), built with a
    navigation template that renders the portal's and Material's side by side."""
    root = tmp_path_factory.mktemp("nav") / "content"
    generate(100, root)
    theme = root / "theme"
    shutil.copytree(REPO / "site_overrides", theme)
    (theme / "partials").mkdir()
    (theme / "partials" / "nav-portal.html").write_text((THEME_DIR / "partials" / "nav.html").read_text(encoding="utf-8"),
                                                         encoding="utf-8")
    (theme / "partials" / "nav-material.html").write_text(MATERIAL_NAV.read_text(encoding="utf-8"), encoding="utf-8")
    (theme / "partials" / "nav.html").write_text(
        '<!--PORTAL-->{% include "partials/nav-portal.html" %}<!--/PORTAL-->'
        '<!--MATERIAL-->{% include "partials/nav-material.html" %}<!--/MATERIAL-->', encoding="utf-8")
    repo = ContentRepo(root)
    config = repo.read("mkdocs.yml")
    config = config.replace(f"custom_dir: {REPO / 'site_overrides'}", f"custom_dir: {theme}")
    repo.write("mkdocs.yml", config.replace("  - training:\n", "  - training:\n      handbook_pdfs: false\n"))
    result = repo.run("build")
    assert result.returncode == 0, result.stderr
    return repo


def _between(html: str, name: str) -> str:
    return html.split(f"<!--{name}-->", 1)[1].split(f"<!--/{name}-->", 1)[0]


def test_every_page_has_materials_navigation(both_navs):
    pages = sorted(both_navs.site.rglob("index.html"))
    assert len(pages) > 100
    pruned = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        portal, material = _between(html, "PORTAL"), _between(html, "MATERIAL")
        assert tokens(portal) == tokens(material), page
        pruned += "md-nav__item--pruned" in portal
    assert pruned > 100  # nested groups were pruned on (nearly) every page


def test_a_navigation_it_does_not_write_is_left_to_material():
    from generator.mkdocs_plugin.material.nav import NavRenderer

    class Item:
        def __init__(self, title, children=None, meta=None):
            self.title, self.children, self.meta, self.url, self.active = title, children, meta or {}, "x/", False

    page = Item("页")
    assert NavRenderer(["navigation.prune"]).render([Item("首页")], page) is not None
    assert NavRenderer(["navigation.prune"]).render([Item("首页", meta={"icon": "material/home"})], page) is None
    assert NavRenderer(["navigation.tabs"]).render([Item("首页")], page) is None
    assert NavRenderer(["navigation.prune"]).render([Item("首页")], None) is None  # 404.html: no page


ADDRESSES = ["", ".", "./", "..", "index.html", "a/", "a/b/", "a/b.html", "a/./b/", "a//b/", "../x/", "a/../b/", "#f",
             "https://example.com/", "/abs/", "a/b/c/d/", "courses/basic/x/", "courses/basic/", "x.png", "a:b/"]
PAGES = ["", ".", "index.html", "a/", "a/b/", "a/b.html", "courses/basic/x/", "courses/", "x/y/z/", "a/b/c/d/e/",
         "404.html", "q/index.html"]


@pytest.mark.parametrize("page_url", PAGES)
def test_addresses_relative_to_a_page_are_mkdocs_own(page_url):
    from mkdocs.utils import normalize_url

    from generator.mkdocs_plugin.material.nav import RelativeTo, _PageAddress

    relative = RelativeTo(page_url)
    assert [relative(url) for url in ADDRESSES] == [normalize_url(url, page=_PageAddress(page_url)) for url in ADDRESSES]
