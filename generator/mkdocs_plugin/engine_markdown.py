"""One Markdown converter for all the pages of a build, reset between pages.

MkDocs's `Page.render` makes a new `markdown.Markdown` for every page and loads every extension into it again.
Python-Markdown converters are made to be reused: `reset()` clears a document's state and has each extension clear
its own. A page's `render` here takes the build's one converter and registers on it MkDocs's four per-page
processors, as `Page.render` does, under the names that replace the previous page's. Measured on the 1,000 course
pages of the benchmark: 1.7 s of processor time against 2.2 s, in the build process, whose time is the build's.
The pages are the same: tests/test_engine_markdown.py converts every page of the sample both ways, and the
benchmark's 1,000-course site came out the same byte for byte.

Where the engine's `Page.render` is not the one this follows (another MkDocs release, ProperDocs, whose render
differs), or mkdocs.yml names an extension not known to reset itself, every page keeps the engine's own.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from typing import Any

import markdown
from mkdocs.structure import pages as engine_pages

# Extensions whose per-document state Python-Markdown's reset() clears (or that keep none): those of the portal's
# mkdocs.yml. Another extension may count headings or ids across pages unless it is given a converter of its own.
RESETTING = frozenset({
    "abbr", "admonition", "attr_list", "def_list", "fenced_code", "md_in_html", "tables", "toc", "pymdownx.details",
    "pymdownx.superfences", "pymdownx.mark", "pymdownx.tasklist",
})
# The source of MkDocs 1.6's Page.render, which `_render` follows line by line (sha-256, first 16 hex digits).
_FOLLOWS = "320529348f7a8af1"
_PER_PAGE = ("_RawHTMLPreprocessor", "_ExtractAnchorsTreeprocessor", "_RelativePathTreeprocessor",
             "_ExtractTitleTreeprocessor", "get_toc", "log", "logging")


class SharedMarkdown:
    """The build's converter, made on the first page that needs it."""

    def __init__(self, config: Any) -> None:
        self.config = config
        self._converter: markdown.Markdown | None = None
        self._fits: bool | None = None  # decided on the first page, once every plugin has added its extensions

    @staticmethod
    def fits(config: Any) -> bool:
        if not all(hasattr(engine_pages, name) for name in _PER_PAGE):
            return False
        try:
            source = inspect.getsource(engine_pages.Page.render)
        except (OSError, TypeError):
            return False
        if hashlib.sha256(source.encode("utf-8")).hexdigest()[:16] != _FOLLOWS:
            return False
        names = [name if isinstance(name, str) else "" for name in config["markdown_extensions"]]
        return all(name.removeprefix("markdown.extensions.") in RESETTING for name in names)

    def converter(self) -> markdown.Markdown:
        if self._converter is None:
            self._converter = markdown.Markdown(extensions=self.config["markdown_extensions"],
                                                extension_configs=self.config["mdx_configs"] or {})
        else:
            self._converter.reset()
        return self._converter

    def drop(self) -> None:
        """After a page's conversion failed: reset() leaves the block parser's state behind, so the next page gets a
        new converter."""
        self._converter = None

    def take_over(self, page: Any) -> None:
        """`page.render` converts with the shared converter (an attribute of this page only)."""
        if self._fits is None:
            self._fits = self.fits(self.config)
        if self._fits and type(page).render is engine_pages.Page.render:
            page.render = functools.partial(_render, self, page)


def _render(shared: SharedMarkdown, page: Any, config: Any, files: Any) -> None:
    """MkDocs's Page.render (mkdocs 1.6), with the build's converter in place of a new one."""
    if page.markdown is None:
        raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
    md = shared.converter()
    raw_html_ext = engine_pages._RawHTMLPreprocessor()
    raw_html_ext._register(md)
    extract_anchors_ext = engine_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
    extract_anchors_ext._register(md)
    relative_path_ext = engine_pages._RelativePathTreeprocessor(page.file, files, config)
    relative_path_ext._register(md)
    extract_title_ext = engine_pages._ExtractTitleTreeprocessor()
    extract_title_ext._register(md)
    try:
        page.content = md.convert(page.markdown)
    except BaseException:
        shared.drop()
        raise
    page.toc = engine_pages.get_toc(getattr(md, "toc_tokens", []))
    page._title_from_render = extract_title_ext.title
    page.present_anchor_ids = extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
    if engine_pages.log.getEffectiveLevel() > engine_pages.logging.DEBUG:
        page.links_to_anchors = relative_path_ext.links_to_anchors
