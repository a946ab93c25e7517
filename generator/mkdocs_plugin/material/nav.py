"""Material's primary navigation (partials/nav.html and nav-item.html), written by Python instead of by the
theme's recursive Jinja macros, once per part of the tree.

Material renders the whole navigation for every page: at 1,000 courses that was the largest single cost of a
build (about 14 ms a page). Whatever of the tree is not on the way to the current page looks the same on every
page except for its relative addresses, so it is rendered once with site-root addresses marked, and each page
only fills in its own addresses and renders the active branch. The markup is Material's, tag for tag and
attribute for attribute (tests/test_material_nav.py compares the two on the sample portal); a navigation using
what this does not write (icons, subtitles, status badges, typeset titles, blog views, tabs) is left to
Material's templates.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable
from typing import Any, cast

from mkdocs.utils import normalize_url

_ADDRESS = re.compile("\x00([^\x00]*)\x00")
_UNSUPPORTED_FEATURES = frozenset({"navigation.tabs", "navigation.expand"})


class NavRenderer:
    """One per build: the rendered parts of the tree outside any active branch, kept for every page."""

    def __init__(self, features: Iterable[str]) -> None:
        self.features = frozenset(features)
        self._kept: dict[tuple[int, str, int], str] = {}
        self._supported: dict[int, bool] = {}

    def supports(self, items: list[Any]) -> bool:
        """False when the tree or the theme's features use markup this does not write."""
        if id(items) not in self._supported:
            self._supported[id(items)] = not (self.features & _UNSUPPORTED_FEATURES) \
                and all(_plain(item) for item in _walk(items))
        return self._supported[id(items)]

    def render(self, items: list[Any], page: Any) -> list[str] | None:
        """The inside of the primary navigation's list for `page`, as Material writes it: one string, or two
        around the place where Material includes the page's table of contents. None: use Material's templates
        (also for a page-less template such as 404.html, whose addresses are not relative)."""
        if page is None or not self.supports(items):
            return None
        parts = [""]
        for index, item in enumerate(items, start=1):
            self._item(item, f"__nav_{index}", 1, page, parts)
        relative = RelativeTo(page.url)
        return [_ADDRESS.sub(lambda match: relative(match.group(1)), part) for part in parts]

    def _item(self, item: Any, path: str, level: int, page: Any, parts: list[str]) -> None:
        if not item.active and item is not page:
            key = (id(item), path, level)
            if key not in self._kept:
                kept = [""]
                self._write(item, path, level, None, kept)
                self._kept[key] = kept[0]
            parts[-1] += self._kept[key]
        else:
            self._write(item, path, level, page, parts)

    def _write(self, item: Any, path: str, level: int, page: Any, parts: list[str]) -> None:
        css = "md-nav__item" + (" md-nav__item--active" if item.active else "")
        if item.children:
            index = next((child for child in item.children if getattr(child, "is_index", False)), None) \
                if "navigation.indexes" in self.features else None
            is_section = "navigation.sections" in self.features and level == 1
            is_pruned = "navigation.prune" in self.features and not is_section and not item.active
            css += (" md-nav__item--section" if is_section else "") + (" md-nav__item--pruned" if is_pruned else "")
            parts[-1] += f'<li class="{css} md-nav__item--nested">'
            if is_pruned:
                parts[-1] += _pruned(item, item) + "</li>"
                return
            checked = "checked" if item.active else ""
            tabindex = "" if is_section else "0"
            parts[-1] += f'<input class="md-nav__toggle md-toggle " type="checkbox" id="{path}" {checked}>'
            if index is None:
                parts[-1] += (f'<label class="md-nav__link" for="{path}" id="{path}_label" tabindex="{tabindex}">'
                              f'{_content(item)}<span class="md-nav__icon md-icon"></span></label>')
            else:
                active = "md-nav__link--active" if index is page else ""
                parts[-1] += (f'<div class="md-nav__link md-nav__container"><a href="{_mark(index.url)}" '
                              f'class="md-nav__link {active}">{_content(item)}</a>')
                if len(item.children) > 1:
                    parts[-1] += (f'<label class="md-nav__link {active}" for="{path}" id="{path}_label" '
                                  f'tabindex="{tabindex}"><span class="md-nav__icon md-icon"></span></label>')
                parts[-1] += "</div>"
            expanded = "true" if item.active else "false"
            parts[-1] += (f'<nav class="md-nav" data-md-level="{level}" aria-labelledby="{path}_label" '
                          f'aria-expanded="{expanded}"><label class="md-nav__title" for="{path}">'
                          f'<span class="md-nav__icon md-icon"></span>{item.title}</label>'
                          f'<ul class="md-nav__list" data-md-scrollfix>')
            for number, child in enumerate(item.children, start=1):
                if index is None or child is not index:
                    self._item(child, f"{path}_{number}", level + 1, page, parts)
            parts[-1] += "</ul></nav></li>"
        elif page is not None and item is page:
            toc = page.toc
            first = next(iter(toc), None)
            if first is not None and first.level == 1:
                toc = first.children
            parts[-1] += f'<li class="{css}"><input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'
            if toc:
                parts[-1] += (f'<label class="md-nav__link md-nav__link--active" for="__toc">{_content(item)}'
                              f'<span class="md-nav__icon md-icon"></span></label>')
            parts[-1] += f'<a href="{_mark(item.url)}" class="md-nav__link md-nav__link--active">{_content(item)}</a>'
            if toc:
                parts.append("")  # Material includes partials/toc.html here
            parts[-1] += "</li>"
        else:
            parts[-1] += f'<li class="{css}"><a href="{_mark(item.url)}" class="md-nav__link">{_content(item)}</a></li>'


def _pruned(item: Any, ref: Any) -> str:
    first = item.children[0]
    if first.children:
        return _pruned(first, ref)
    icon = '<span class="md-nav__icon md-icon"></span>' if item.children else ""
    return f'<a href="{_mark(first.url)}" class="md-nav__link">{_content(ref)}{icon}</a>'


def _content(item: Any) -> str:
    return f'<span class="md-ellipsis">{item.title}</span>'


def _mark(url: str) -> str:
    """A site-root address, made relative to each page when the page is written."""
    return f"\x00{url}\x00"


class RelativeTo:
    """MkDocs' normalize_url(url, page) for the many addresses of one page's navigation: the page's own path is
    split once, and each site address once per build (tests/test_material_nav.py holds it to normalize_url)."""

    def __init__(self, page_url: str) -> None:
        self.page_url = page_url
        folder, _, name = page_url.rpartition("/")
        self._page_parts = _parts(folder if "." in name else page_url)

    def __call__(self, url: str) -> str:
        parts = _plain_parts(url)
        if parts is None:  # an address with a scheme, a fragment, a backslash, "..": MkDocs' own rules
            return normalize_url(url, page=cast(Any, _PageAddress(self.page_url)))
        common = 0
        for mine, theirs in zip(self._page_parts, parts):
            if mine != theirs:
                break
            common += 1
        relative = "/".join([".."] * (len(self._page_parts) - common) + list(parts[common:])) or "."
        return relative + "/" if url.endswith("/") else relative


def _parts(path: str) -> tuple[str, ...]:
    path = posixpath.normpath("/" + path)[1:]
    return tuple(path.split("/")) if path else ()


@functools.lru_cache(maxsize=65536)
def _plain_parts(url: str) -> tuple[str, ...] | None:
    """The parts of a plain site address (what a navigation page has), None for any other."""
    if not url or "\\" in url or url.startswith(("/", "#")) or ":" in url or posixpath.normpath(url).startswith(".."):
        return None
    return _parts(url)


class _PageAddress:
    """What normalize_url reads of a page."""

    def __init__(self, url: str) -> None:
        self.url = url


def _walk(items: list[Any]):
    for item in items:
        yield item
        if item.children:
            yield from _walk(item.children)


def _plain(item: Any) -> bool:
    """An item whose Material markup is the plain one this writes."""
    meta = getattr(item, "meta", None) or {}
    if any(meta.get(key) for key in ("icon", "subtitle", "status")) or getattr(item, "encrypted", False):
        return False
    if getattr(item, "typeset", None) or getattr(item, "pages", None):
        return False
    if "\x00" in str(item.title) or "\x00" in str(getattr(item, "url", "") or ""):
        return False
    return not (item.children is not None and len(item.children) == 0)
