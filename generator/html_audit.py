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
_URL_NOISE = re.compile(r"[\t\n\r]")


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


class _Auditor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self.scripts: list[tuple[int, str]] = []  # (line, src) of every external script
        self._style_depth = 0
        self._script_inline: int | None = None
        self._script_text: list[str] = []

    def _add(self, kind: str, detail: str) -> None:
        self.findings.append(Finding(self.getpos()[0], kind, detail))

    def _url(self, tag: str, name: str, value: str, fetched: bool) -> None:
        if runs_script(value):
            self._add("script", f"<{tag} {name}=\"{value[:60]}\">")
        elif fetched and is_outside(value):
            self._add("outside", f"<{tag} {name}=\"{value[:120]}\">")
        elif fetched and tag in ("script", "iframe", "frame", "object", "embed") and \
                normalise_url(value).lower().startswith("data:"):
            self._add("script", f"<{tag} {name}=\"{value[:60]}\">")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool = False) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _EMBEDDING:
            self._add("embed", f"<{tag}>")
        if tag == "script":
            kind = values.get("type", "").strip().lower()
            if "src" in values:
                self.scripts.append((self.getpos()[0], values["src"]))
            elif kind not in _DATA_TYPES and not closed:
                self._script_inline = self.getpos()[0]
                self._script_text = []
        if tag == "style" and not closed:
            self._style_depth += 1
        if tag == "base" and "href" in values:
            self._add("outside" if is_outside(values["href"]) else "script", f"<base href=\"{values['href'][:120]}\">")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            target = values.get("content", "").partition("=")[2]
            self._url(tag, "content", target, fetched=False)
        rels = set(values.get("rel", "").lower().split())
        for name, value in values.items():
            if name.startswith("on"):
                self._add("script", f"<{tag} {name}=…>")
            elif name == "style":
                for url in css_urls(value, declarations=True):
                    self._url(tag, "style", url, fetched=True)
                if "expression(" in value.lower().replace(" ", ""):
                    self._add("script", f"<{tag} style=\"expression(…)\">")
            elif name == "srcset" or name == "imagesrcset":
                for url in _srcset_urls(value):
                    self._url(tag, name, url, fetched=True)
            elif name == "srcdoc":
                self._add("embed", f"<{tag} srcdoc>")
            elif name in ("href", "xlink:href") and tag != "base":
                navigation = tag in _NAVIGATION or (tag == "link" and not rels & _FETCHING_RELS)
                self._url(tag, name, value, fetched=not navigation)
            elif name in ("action", "formaction"):
                self._url(tag, name, value, fetched=False)
            elif name in _FETCH_ATTRIBUTES:
                self._url(tag, name, value, fetched=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style_depth:
            self._style_depth -= 1
        if tag == "script" and self._script_inline is not None:
            if "".join(self._script_text).strip():
                self.findings.append(Finding(self._script_inline, "script", "<script>…</script>"))
            self._script_inline = None

    def handle_data(self, data: str) -> None:
        if self._script_inline is not None:
            self._script_text.append(data)
        elif self._style_depth:
            for url in css_urls(data):
                self._url("style", "url", url, fetched=True)


@dataclass
class Audit:
    findings: list[Finding]
    scripts: list[tuple[int, str]]  # external scripts: (line, src as written)


def audit_html(text: str) -> Audit:
    auditor = _Auditor()
    auditor.feed(text)
    auditor.close()
    if auditor._script_inline is not None and "".join(auditor._script_text).strip():
        auditor.findings.append(Finding(auditor._script_inline, "script", "<script>…</script>"))
    return Audit(auditor.findings, auditor.scripts)


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
    audit = audit_html(raw.decode("utf-8", errors="replace"))
    return audit.findings + [Finding(line, "script", f"<script src=\"{src[:60]}\">") for line, src in audit.scripts]
