"""One Markdown converter for all pages (generator/mkdocs_plugin/engine_markdown.py), in process: every page of
the sample converts exactly as MkDocs's own Page.render converts it, and nothing of one page reaches the next."""

from __future__ import annotations

import shutil

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.pages import Page

from conftest import REPO, site_config
from generator.mkdocs_plugin.engine_markdown import SharedMarkdown


def _config(root):
    (root / "mkdocs.yml").write_text(site_config(), encoding="utf-8")
    return load_config(str(root / "mkdocs.yml"))


def _rendered(page: Page) -> tuple:
    return (page.content, str(page.toc), page._title_from_render, page.present_anchor_ids, page.links_to_anchors)


def _one_both_ways(config, files, file, shared: SharedMarkdown) -> tuple[tuple, tuple]:
    """The page rendered by MkDocs's own render and by the shared converter."""
    own, reused = Page(None, file, config), Page(None, file, config)
    for page in (own, reused):
        page.read_source(config)
    shared.take_over(reused)
    own.render(config, files)
    reused.render(config, files)
    return _rendered(own), _rendered(reused)


def _both_ways(config, files, shared: SharedMarkdown) -> list[tuple[tuple, tuple]]:
    return [_one_both_ways(config, files, file, shared) for file in files.documentation_pages()]


def test_every_page_of_the_sample_converts_as_mkdocs_converts_it(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(REPO / "curriculum", root / "curriculum")
    config = _config(root)
    assert SharedMarkdown.fits(config)
    files = get_files(config)
    pairs = _both_ways(config, files, SharedMarkdown(config))
    assert len(pairs) > 20
    for own, reused in pairs:
        assert reused == own


def test_nothing_of_one_page_reaches_the_next(tmp_path):
    """Abbreviations, heading ids and footnote-like state are per page: a second page repeats the first's headings and
    uses its abbreviation without defining it."""
    docs = tmp_path / "site" / "curriculum"
    docs.mkdir(parents=True)
    (docs / "a.md").write_text("# 开场\n\n## 开场\n\nAHT 要控制。\n\n*[AHT]: 平均处理时长\n\n```python\nx = 1\n```\n",
                               encoding="utf-8")
    (docs / "b.md").write_text("# 开场\n\n## 开场\n\nAHT 要控制。\n\n!!! note \"提示\"\n    先道歉。\n", encoding="utf-8")
    config = _config(tmp_path / "site")
    files = get_files(config)
    shared = SharedMarkdown(config)
    pairs = dict(zip(("a", "b"), _both_ways(config, files, shared)))
    for own, reused in pairs.values():
        assert reused == own
    second = pairs["b"][1][0]
    assert "<abbr" not in second and 'id="开场_1"' in second and 'id="开场_2"' not in second


@pytest.mark.parametrize("extension", ["footnotes", "pymdownx.tabbed", "pymdownx.snippets"])
def test_an_extension_not_known_to_reset_keeps_the_engines_own_render(tmp_path, extension):
    (tmp_path / "curriculum").mkdir()
    (tmp_path / "mkdocs.yml").write_text(site_config().replace("markdown_extensions:\n",
                                                               f"markdown_extensions:\n  - {extension}\n"),
                                         encoding="utf-8")
    assert not SharedMarkdown.fits(load_config(str(tmp_path / "mkdocs.yml")))


def test_an_engine_whose_render_differs_keeps_its_own(tmp_path, monkeypatch):
    """ProperDocs registers its processors under other names and always keeps the anchors' links: its pages are
    converted by its own render."""
    from mkdocs.structure import pages

    (tmp_path / "curriculum").mkdir()
    config = _config(tmp_path)
    assert SharedMarkdown.fits(config)

    def render(self, config, files):  # a release whose render is not the one engine_markdown follows
        return None

    monkeypatch.setattr(pages.Page, "render", render)
    assert not SharedMarkdown.fits(config)


def test_a_site_with_the_plugin_turned_off_renders_its_pages_with_the_engines_own(tmp_path):
    from conftest import run_cli

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# 首页\n\n正文。\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - training:\n      enabled: false\n", encoding="utf-8")
    result = run_cli(["--root", str(tmp_path), "build"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "正文。" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_a_page_whose_conversion_fails_leaves_nothing_for_the_next(tmp_path):
    """Python-Markdown's reset() leaves the block parser's state as a failed conversion left it: the next page gets a
    new converter (the build stops on such a page anyway, and the content checks refuse such nesting first)."""
    docs = tmp_path / "site" / "curriculum"
    docs.mkdir(parents=True)
    (docs / "a-deep.md").write_text("".join("    " * i + "- x\n" for i in range(300)), encoding="utf-8")
    (docs / "b-plain.md").write_text("段落。\n\n术语\n:   解释\n\n- 项\n\n    ```python\n    x = 1\n    ```\n",
                                     encoding="utf-8")
    config = _config(tmp_path / "site")
    files = get_files(config)
    deep, plain = files.documentation_pages()
    shared = SharedMarkdown(config)
    failing = Page(None, deep, config)
    failing.read_source(config)
    shared.take_over(failing)
    with pytest.raises(RecursionError):
        failing.render(config, files)
    own, reused = _one_both_ways(config, files, plain, shared)
    assert reused == own and "<p>段落。</p>" in reused[0]


def test_an_extension_another_plugin_adds_after_ours_is_seen(tmp_path):
    """The extensions are judged on the first page, once every plugin's on_config has run."""
    docs = tmp_path / "site" / "curriculum"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    config = _config(tmp_path / "site")
    shared = SharedMarkdown(config)
    config["markdown_extensions"].append("footnotes")  # as a later plugin's on_config might
    page = Page(None, get_files(config).documentation_pages()[0], config)
    shared.take_over(page)
    assert "render" not in vars(page)
