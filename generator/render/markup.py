"""Markdown for text values from YAML: rendered at build time, raw HTML shown as text, the result
passed through the sanitiser's allow-list (which also drops script addresses however encoded)."""

from __future__ import annotations

import re

import markdown
from markdown.extensions import Extension
from markupsafe import Markup

from generator.render.sanitize import sanitise


class EscapeHtml(Extension):
    """Trainers' text may contain Markdown, never live HTML."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


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
    return Markup(sanitise(_renderer.convert(text or "")))


def render_inline(text: str) -> Markup:
    """Markdown of a one-line value, without the wrapping paragraph."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
