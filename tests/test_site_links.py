"""The site layer computes addresses without the engine; they must be the engine's own."""

from __future__ import annotations

import itertools

import pytest
from mkdocs.utils import get_relative_url

from generator.model.content_reader import page_url
from generator.site.links import relative_url

ADDRESSES = ["", "a/", "a/b/", "a/b/c/", "index.html", "a/index.html", "a/b.html", "assets/x.css", "a/b/img.png",
             "search/search_index.json", "a/b/#part", "x/../a/"]


@pytest.mark.parametrize("url, other", list(itertools.product(ADDRESSES, repeat=2)))
def test_relative_addresses_are_mkdocs_own(url, other):
    assert relative_url(url, other) == get_relative_url(url, other)


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("src", ["index.md", "README.md", "a/index.md", "a/README.md", "a/b.md", "a/b/c.md", "a.b/c.md"])
def test_page_addresses_are_mkdocs_own(tmp_path, src, directory_urls):
    from mkdocs.structure.files import File

    file = File(src, str(tmp_path), str(tmp_path / "site"), directory_urls)
    # The site's root is "" here (addresses join onto it), "./" in MkDocs.
    assert page_url(src, directory_urls) == ("" if file.url == "./" else file.url)
