"""Markdown for text values from YAML: rendered at build time, raw HTML shown as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)


class _DropUnsafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                if _UNSAFE_URL.match(element.get(attribute, "")):
                    del element.attrib[attribute]


class EscapeHtml(Extension):
    """Trainers' text may contain Markdown, never live HTML or script URLs."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_DropUnsafeLinks(md), "drop_unsafe_links", 0)


_renderer = markdown.Markdown(extensions=[EscapeHtml(), "sane_lists"])


# Text with none of these characters, and no block marker at its start, is a plain paragraph: most quiz
# choices and prompts are. Skipping the Markdown pipeline for them saves most of a large build's quiz time.
_MARKUP_CHARACTERS = re.compile(r"[\\`*_\[\]<>&!\n\r\t|~^={}]")
_BLOCK_START = re.compile(r"^(?:[#>+\-]|\d+[.)])")


def _plain(text: str) -> str | None:
    if text.startswith("    "):  # an indented code block
        return None
    stripped = text.lstrip(" ")
    if not stripped or _MARKUP_CHARACTERS.search(stripped) or _BLOCK_START.match(stripped):
        return None
    return stripped


def render_markdown(text: str) -> Markup:
    """Block Markdown to safe HTML."""
    plain = _plain(text or "")
    if plain is not None:
        return Markup(f"<p>{plain}</p>")
    _renderer.reset()
    return Markup(_renderer.convert(text or ""))


def render_inline(text: str) -> Markup:
    """Markdown of a one-line value, without the wrapping paragraph."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
