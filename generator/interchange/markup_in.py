"""Foreign question text (HTML from Moodle) into the Markdown a bank holds. The HTML is cut down to an allow-list
with nh3 first (script, style and handlers go with their content), then written as Markdown by markdownify; the
portal renders bank Markdown with raw HTML escaped and sanitises the result again."""

from __future__ import annotations

import re

import nh3
from markdownify import markdownify

from generator.interchange.sources import clean_text

_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "code", "pre", "ul", "ol", "li", "a", "sub", "sup", "table",
         "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "span", "div", "hr"}
_DROPPED_WITH_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
                         "textarea", "select", "title"}
_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]*)", re.IGNORECASE)


def images_in(html: str) -> list[str]:
    """The addresses of the pictures a piece of HTML shows (found to report them, not to sanitise anything)."""
    return _IMAGE.findall(html)


def html_to_markdown(html: str) -> str:
    if "<" not in html and "&" not in html:
        return clean_text(html)
    cleaned = nh3.clean(html, tags=_TAGS, clean_content_tags=_DROPPED_WITH_CONTENT,
                        attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}, link_rel=None,
                        strip_comments=True)
    markdown = markdownify(cleaned, heading_style="ATX", bullets="-", newline_style="BACKSLASH",
                           escape_underscores=False)
    return clean_text(re.sub(r"\n{3,}", "\n\n", markdown))
