"""What the search data holds that a reader's browser would turn into markup.

Material's search shows a result by handing the entry's title, text and tags to `innerHTML`: the data files
are pages in all but name. Material escapes what it reads from a page's text, and keeps a few harmless tags
(paragraphs, code, lists); anything else in them, or any markup in a tag, came from content that was not
escaped, and would run in the reader's browser on a web server without the portal's CSP.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from generator.html_audit import is_outside, runs_script
from generator.messages import text

SEARCH_INDEX = "search/search_index.json"
PREBUILT_INDEX = "search/prebuilt_index.json"
# The tags Material's search indexer keeps in a section's title and text (material/plugins/search/plugin.py),
# written without attributes.
MATERIAL_KEPT_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
_FIELDS = ("title", "text")


class _Markup(HTMLParser):
    """Start tags other than Material's kept ones, and any attribute or comment."""

    def __init__(self, kept: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.kept = kept
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.kept or attrs:
            self.found.append(self.get_starttag_text() or f"<{tag}>")

    handle_startendtag = handle_starttag

    def handle_comment(self, data: str) -> None:
        self.found.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.found.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.found.append(f"<?{data}>")


def markup_in(fragment: str, kept: frozenset[str] = MATERIAL_KEPT_TAGS) -> list[str]:
    """The markup in an HTML fragment other than bare tags of `kept` (empty: none at all)."""
    if _only_bare_tags(fragment, kept):
        return []
    parser = _Markup(kept)
    parser.feed(fragment)
    parser.close()
    return parser.found


_ANGLE = re.compile(r"<(/?)([a-z]+)>")


def _only_bare_tags(fragment: str, kept: frozenset[str]) -> bool:
    """True when every '<' opens exactly a bare start or end tag of `kept` (the usual search text): nothing
    else in it can be markup, so the parser need not read it. Anything else goes to the parser."""
    if "<" not in fragment:
        return True
    matched = 0
    for match in _ANGLE.finditer(fragment):
        if match.group(2) not in kept:
            return False
        matched += 1
    return matched == fragment.count("<")


def _excerpt(found: str) -> str:
    return found if len(found) <= 80 else found[:79] + "…"


def audit_search_data(site: Path) -> list[str]:
    """`file: problem` for every search entry whose title, text, tags or address would be markup or a link
    that runs script or leaves the site, and for markup anywhere in the prebuilt index."""
    problems: list[str] = []
    index_file = site / SEARCH_INDEX
    if index_file.is_file():
        try:
            docs = json.loads(index_file.read_text(encoding="utf-8", errors="replace")).get("docs", [])
        except (ValueError, AttributeError):
            return [f"{SEARCH_INDEX}: {text('B916')}"]
        for number, doc in enumerate(docs if isinstance(docs, list) else [], start=1):
            problems += _entry_problems(number, doc)
    prebuilt_file = site / PREBUILT_INDEX
    if prebuilt_file.is_file():
        raw = prebuilt_file.read_text(encoding="utf-8", errors="replace")
        if "<" not in raw and "\\u003c" not in raw.lower():  # no '<', written or escaped: no markup (and no walk
            return problems                                    # through its millions of numbers)
        try:
            prebuilt = json.loads(raw)
        except ValueError:
            return [*problems, f"{PREBUILT_INDEX}: {text('B916')}"]
        for value in _strings(prebuilt):
            for found in markup_in(value, frozenset()):
                problems.append(f"{PREBUILT_INDEX}: {text('B915', entry='—', found=_excerpt(found))}")
    return problems


def _entry_problems(number: int, doc: object) -> list[str]:
    if not isinstance(doc, dict):
        return [f"{SEARCH_INDEX}: {text('B916')}"]
    entry = f"{number}（{doc.get('location', '')}）"
    problems = []
    for name in _FIELDS:
        value = doc.get(name, "")
        for found in markup_in(value if isinstance(value, str) else str(value)):
            problems.append(f"{SEARCH_INDEX}: {text('B915', entry=entry, found=_excerpt(found))}")
    tags = doc.get("tags", [])
    for tag in tags if isinstance(tags, list) else [tags]:
        for found in markup_in(str(tag), frozenset()):
            problems.append(f"{SEARCH_INDEX}: {text('B915', entry=entry, found=_excerpt(found))}")
    location = str(doc.get("location", ""))
    if is_outside(location) or runs_script(location):
        problems.append(f"{SEARCH_INDEX}: {text('B917', entry=entry, location=_excerpt(location))}")
    return problems


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
