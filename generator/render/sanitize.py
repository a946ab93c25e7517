"""The allow-list every trainer-written HTML fragment passes through (nh3, the ammonia sanitiser).

What a trainer legitimately writes keeps working: headings, tables, lists, `<details>`, images inside the
site, links, Material's admonitions, Mermaid diagrams, task lists, abbreviations. What runs script or
fetches from elsewhere is dropped: script and style elements with their content, event handlers, forms,
frames, SVG, `javascript:` or `data:` addresses however encoded, images from other origins, CSS
properties that load images. The browser then renders only what the allow-list names.
"""

from __future__ import annotations

import nh3

from generator.html_audit import is_outside, normalise_url

_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "rp", "rt",
    "ruby", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
# Removed with everything inside them, not only their tags.
_CLEAN_CONTENT = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "textarea",
                  "select", "title", "xmp", "noembed", "noframes"}
_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "style", "role", "aria-label", "aria-hidden", "aria-describedby"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "abbr": {"title"},
    "input": {"checked"},
    "label": {"for"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
# Task lists (pymdownx.tasklist) are the only inputs a page carries: every input becomes a read-only checkbox.
_FORCED_VALUES = {"input": {"type": "checkbox", "disabled": "disabled"}}
# Properties that cannot load anything; the rest (background, list-style, content, cursor…) are dropped.
_STYLE_PROPERTIES = {
    "color", "background-color", "text-align", "text-decoration", "font-weight", "font-style", "font-size",
    "vertical-align", "white-space", "width", "min-width", "max-width", "height", "border", "border-color",
    "border-style", "border-width", "padding", "margin", "display", "float", "clear",
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Globals the portal's scripts and Material look up by name; an element id must not shadow them.
_RESERVED_IDS = {"mermaid", "__md_scope", "__md_get", "__md_set", "__md_hash", "__search", "component", "location"}


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value in _RESERVED_IDS:
        return None
    if attribute in ("src", "href", "cite"):
        url = normalise_url(value)
        lowered = url.lower()
        if lowered.startswith(("javascript:", "vbscript:", "data:", "blob:", "file:")):
            return None
        # Images are fetched as the page is shown: only from the portal's own origin.
        if attribute == "src" and is_outside(url):
            return None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags=_CLEAN_CONTENT,
    attributes=_ATTRIBUTES,
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=None,
    set_tag_attribute_values=_FORCED_VALUES,
    url_schemes=_URL_SCHEMES,
    filter_style_properties=_STYLE_PROPERTIES,
)


def sanitise(html: str) -> str:
    """Trainer-written HTML reduced to the allow-list."""
    return _CLEANER.clean(html)
