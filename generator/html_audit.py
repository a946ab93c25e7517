"""What an HTML page, an SVG image or a stylesheet would fetch or run, read with real parsers.

The browser decodes entities, ignores tabs and line breaks inside URLs and treats a backslash as a
slash; so does this audit, which is why it parses (html.parser, tinycss2) instead of matching text.
Used by the build (every page and SVG it publishes) and by `publish` (the site as it stands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import tinycss2
from lxml import etree

from generator.messages import language, text

# Attributes whose URL the browser fetches on its own when the element is parsed or shown.
_FETCH_ATTRIBUTES = frozenset({"src", "srcset", "data", "poster", "background", "lowsrc", "dynsrc", "codebase",
                               "ping", "manifest", "xlink:href", "imagesrcset"})
# Link relations that make the browser fetch the href.
_FETCHING_RELS = frozenset({"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest", "preconnect",
                            "dns-prefetch", "prerender", "apple-touch-icon", "mask-icon", "import"})
# Elements whose href is followed only when a reader clicks.
_NAVIGATION = frozenset({"a", "area"})
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")
_EMBEDDING = frozenset({"iframe", "frame", "object", "embed", "applet", "portal", "foreignobject"})
_DATA_TYPES = ("application/json", "application/ld+json")
# What `_Rules.start_tag` reads: elements it checks whatever their attributes, and the attributes it reads (besides
# any on… handler). An element with neither says nothing to the audit.
_READ_TAGS = _EMBEDDING | {"script", "style", "base", "meta"}
_READ_ATTRIBUTES = _FETCH_ATTRIBUTES | {"style", "srcdoc", "href", "action", "formaction"}
_URL_NOISE = re.compile(r"[\t\n\r]")
# libxml2's complaints that change nothing in the parsed tree (an id used twice: charts inlined side by side).
_HARMLESS_PARSE_ERRORS = frozenset({etree.ErrorTypes.DTD_ID_REDEFINED})


@dataclass(frozen=True)
class Finding:
    line: int
    kind: str  # "outside": fetches from another origin; "script": runs script; "embed": embeds a document
    detail: str

    def describe(self) -> str:
        what = text({"outside": "B913", "script": "B912", "embed": "B914"}[self.kind])
        return f"{what}：{self.detail}" if language() == "zh" else f"{what}: {self.detail}"


def normalise_url(url: str) -> str:
    """The URL as a browser reads it: surrounding spaces and control characters dropped, tabs and line
    breaks inside removed, backslashes as slashes."""
    return _URL_NOISE.sub("", url.strip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12"
                                         "\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f")).replace("\\", "/")


def is_outside(url: str) -> bool:
    """True for an address on another origin: any scheme except data: and blob:, or a scheme-relative //."""
    url = normalise_url(url).lower()
    if url.startswith("//"):
        return True
    scheme = re.match(r"^([a-z][a-z0-9+.-]*):", url)
    return scheme is not None and scheme.group(1) not in ("data", "blob")


def runs_script(url: str) -> bool:
    return normalise_url(url).lower().startswith(_SCRIPT_SCHEMES)


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_urls(css: str, declarations: bool = False) -> list[str]:
    """Every address a stylesheet (or a style attribute's declarations) refers to: url(), image-set(),
    @import."""
    found: list[str] = []

    def walk(tokens) -> None:
        for token in tokens:
            kind = token.type
            if kind == "url":
                found.append(token.value)
            elif kind == "function":
                if token.lower_name in ("url", "src"):
                    found.extend(t.value for t in token.arguments if t.type in ("string", "url"))
                walk(token.arguments)
            elif kind in ("() block", "[] block", "{} block"):
                walk(token.content)
            elif kind in ("declaration",):
                walk(token.value)
            elif kind == "qualified-rule":
                walk(token.prelude)
                walk(tinycss2.parse_blocks_contents(token.content))
            elif kind == "at-rule":
                if token.lower_at_keyword == "import":
                    found.extend(t.value for t in token.prelude if t.type in ("string", "url"))
                walk(token.prelude)
                if token.content is not None:
                    walk(tinycss2.parse_blocks_contents(token.content))

    if declarations:
        walk(tinycss2.parse_blocks_contents(css))
    else:
        walk(tinycss2.parse_stylesheet(css))
    return found


class _Rules:
    """What the audit checks on each start tag, whichever parser found the tag."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.scripts: list[tuple[int, str]] = []  # (line, src) of every external script

    def _add(self, line: int, kind: str, detail: str) -> None:
        self.findings.append(Finding(line, kind, detail))

    def _url(self, line: int, tag: str, name: str, value: str, fetched: bool) -> None:
        if runs_script(value):
            self._add(line, "script", f"<{tag} {name}=\"{value[:60]}\">")
        elif fetched and is_outside(value):
            self._add(line, "outside", f"<{tag} {name}=\"{value[:120]}\">")
        elif fetched and tag in ("script", "iframe", "frame", "object", "embed") and \
                normalise_url(value).lower().startswith("data:"):
            self._add(line, "script", f"<{tag} {name}=\"{value[:60]}\">")

    def start_tag(self, line: int, tag: str, values: dict[str, str]) -> None:
        if tag in _EMBEDDING:
            self._add(line, "embed", f"<{tag}>")
        if tag == "script" and "src" in values:
            self.scripts.append((line, values["src"]))
        if tag == "base" and "href" in values:
            self._add(line, "outside" if is_outside(values["href"]) else "script",
                      f"<base href=\"{values['href'][:120]}\">")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").partition("=")[2]
            self._url(line, tag, "content", target, fetched=False)
        for name, value in values.items():
            if name not in _READ_ATTRIBUTES and not name.startswith("on"):
                continue
            if name.startswith("on"):
                self._add(line, "script", f"<{tag} {name}=…>")
            elif name == "style":
                for url in css_urls(value, declarations=True):
                    self._url(line, tag, "style", url, fetched=True)
                if "expression(" in value.lower().replace(" ", ""):
                    self._add(line, "script", f"<{tag} style=\"expression(…)\">")
            elif name == "srcset" or name == "imagesrcset":
                for url in _srcset_urls(value):
                    self._url(line, tag, name, url, fetched=True)
            elif name == "srcdoc":
                self._add(line, "embed", f"<{tag} srcdoc>")
            elif name in ("href", "xlink:href") and tag != "base":
                navigation = tag in _NAVIGATION or (tag == "link" and not set(values.get("rel", "").lower().split())
                                                    & _FETCHING_RELS)
                self._url(line, tag, name, value, fetched=not navigation)
            elif name in ("action", "formaction"):
                self._url(line, tag, name, value, fetched=False)
            elif name in _FETCH_ATTRIBUTES:
                self._url(line, tag, name, value, fetched=True)

    def inline_script(self, line: int, script: str) -> None:
        if script.strip():
            self._add(line, "script", "<script>…</script>")

    def style_text(self, line: int, css: str) -> None:
        for url in css_urls(css):
            self._url(line, "style", "url", url, fetched=True)


def _runs_inline(tag: str, values: dict[str, str]) -> bool:
    return tag == "script" and "src" not in values and values.get("type", "").strip().lower() not in _DATA_TYPES


class _Auditor(HTMLParser):
    """The audit over html.parser's tokens: any document, however broken."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rules = _Rules()
        self._style_depth = 0
        self._script_inline: int | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool = False) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        self.rules.start_tag(line, tag, values)
        if _runs_inline(tag, values) and not closed:
            self._script_inline = line
            self._script_text = []
        if tag == "style" and not closed:
            self._style_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style_depth:
            self._style_depth -= 1
        if tag == "script" and self._script_inline is not None:
            self.rules.inline_script(self._script_inline, "".join(self._script_text))
            self._script_inline = None

    def handle_data(self, data: str) -> None:
        if self._script_inline is not None:
            self._script_text.append(data)
        elif self._style_depth:
            self.rules.style_text(self.getpos()[0], data)

    def audit(self, text: str) -> _Rules:
        self.feed(text)
        self.close()
        if self._script_inline is not None:
            self.rules.inline_script(self._script_inline, "".join(self._script_text))
        return self.rules


def _read_with_libxml2(text: str) -> _Rules | None:
    """The audit over libxml2's HTML5 tokenizer (lxml), about five times faster than html.parser; None unless the
    document parsed without a single complaint. A clean parse holds every tag as written; anything libxml2 had
    to repair (a misplaced <body>, nesting deeper than its limit, a stray end tag) could have dropped a tag the
    browser keeps, so such a document goes to html.parser instead."""
    parser = etree.HTMLParser(encoding="utf-8", recover=True, no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except (etree.Error, ValueError, UnicodeError):
        return None
    if root is None or any(error.type not in _HARMLESS_PARSE_ERRORS for error in parser.error_log):
        return None
    rules = _Rules()
    for element in root.iter(etree.Element):
        tag = element.tag
        if not isinstance(tag, str):
            return None
        if tag not in _READ_TAGS and not element.attrib:
            continue
        values = dict(element.attrib)
        line = element.sourceline or 0
        rules.start_tag(line, tag, values)
        if _runs_inline(tag, values):
            rules.inline_script(line, element.text or "")
        elif tag == "style" and element.text:
            rules.style_text(line, element.text)
    return rules


@dataclass
class Audit:
    findings: list[Finding]
    scripts: list[tuple[int, str]]  # external scripts: (line, src as written)


def audit_html(text: str) -> Audit:
    return audit_by_libxml2(text) or audit_by_html_parser(text)


def audit_by_libxml2(text: str) -> Audit | None:
    """The fast reading, or None for a page libxml2 had to repair."""
    rules = _read_with_libxml2(text)
    return None if rules is None else Audit(rules.findings, rules.scripts)


def audit_by_html_parser(text: str) -> Audit:
    """The reading of any document, however broken."""
    rules = _Auditor().audit(text)
    return Audit(rules.findings, rules.scripts)


def audit_css(text: str) -> list[Finding]:
    return [Finding(0, "outside", f"url({url[:120]})") for url in css_urls(text) if is_outside(url)]


def audit_svg(path: Path) -> list[Finding]:
    """An SVG opened on its own is a document: any script, handler, embedded HTML or outside fetch counts."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [Finding(0, "script", f"cannot be read ({error.strerror})")]
    if path.suffix.lower() == ".svgz":
        import gzip
        import zlib

        try:
            raw = gzip.decompress(raw[: 8 * 1024 * 1024])
        except (OSError, EOFError, zlib.error):
            return [Finding(0, "script", "is not a readable compressed SVG")]
    # An SVG file is read by the browser as XML, not HTML: it keeps html.parser's reading of every tag.
    rules = _Auditor().audit(raw.decode("utf-8", errors="replace"))
    return rules.findings + [Finding(line, "script", f"<script src=\"{src[:60]}\">") for line, src in rules.scripts]
