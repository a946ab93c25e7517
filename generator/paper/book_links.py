"""Course HTML from the site, made fit for one printed book.

Ids get a per-course prefix (two courses may both have a heading 案例); a link to a course in the
book becomes a page reference; a link to a page outside the book prints its address; relative
images point at the files in the docs folder.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urljoin, urlsplit

from generator.html_audit import normalise_url

_ID = re.compile(r'\bid="([^"]*)"')
_ANCHOR = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.S)
_HREF = re.compile(r'\bhref="([^"]*)"')
_IMG_SRC = re.compile(r'(<img\b[^>]*\bsrc=")([^"]*)(")')
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


@dataclass
class BookLinks:
    """Where each site address lives in the book."""

    course_by_url: dict[str, str]  # site-root-relative page URL ("courses/x/") -> course id
    in_book: set[str]  # course ids printed in this book
    # Images are read from the docs folder: the book is assembled before MkDocs copies them to the site.
    files_dir: Path
    site_url: str = ""  # printed in front of addresses of pages outside the book
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (course id, image address) left out of the book

    def anchor(self, course_id: str, fragment: str = "") -> str:
        return f"#c-{course_id}-{fragment}" if fragment else f"#course-{course_id}"

    def address(self, url: str) -> str:
        return urljoin(self.site_url, url) if self.site_url else "/" + url


def for_book(body: str, course_id: str, page_url: str, links: BookLinks) -> str:
    body = _PERMALINK.sub("", body)
    body = _ID.sub(lambda m: f'id="c-{course_id}-{m.group(1)}"', body)
    body = _ANCHOR.sub(lambda m: _anchor(m, course_id, page_url, links), body)
    return _IMG_SRC.sub(lambda m: m.group(1) + _image(m.group(2), course_id, page_url, links) + m.group(3), body)


def _site_path(href: str, page_url: str) -> tuple[str, str]:
    """A relative href resolved against the page: (site-root-relative path, fragment)."""
    target = urlsplit(urljoin("/" + page_url, href))
    path = normpath(target.path).lstrip("/") if target.path not in ("", "/") else ""
    if target.path.endswith("/") and path:
        path += "/"
    return ("" if path == "." else path), target.fragment


def _anchor(match: re.Match, course_id: str, page_url: str, links: BookLinks) -> str:
    attributes, text = match.group(1), match.group(2)
    href_match = _HREF.search(attributes)
    if not href_match:
        return match.group(0)
    href = html_lib.unescape(href_match.group(1))
    scheme = urlsplit(href).scheme
    if scheme:  # http, https, mailto, tel: print the address after the text, unless the text is the address
        shown = html_lib.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        kind = "" if shown in (href, href.split(":", 1)[-1]) else ' class="external"'
        return f'<a{kind} href="{html_lib.escape(href)}">{text}</a>'
    # The anchor carries the author's fragment: escaped, so a quote in it cannot add attributes to the tag.
    if href.startswith("#"):
        return f'<a class="page-ref" href="{html_lib.escape(links.anchor(course_id, href[1:]))}">{text}</a>'
    path, fragment = _site_path(href, page_url)
    target = links.course_by_url.get(path)
    if target in links.in_book:
        return f'<a class="page-ref" href="{html_lib.escape(links.anchor(target, fragment))}">{text}</a>'
    address = links.address(path + (f"#{fragment}" if fragment else ""))
    return f'<span class="outside-ref">{text}<span class="outside-ref__address">（门户页面：{html_lib.escape(address)}）</span></span>'


def _image(src: str, course_id: str, page_url: str, links: BookLinks) -> str:
    """The file an image of the site is printed from: only a file of the docs folder, never a path that
    leaves it (the printer would read it from the build machine)."""
    address = normalise_url(html_lib.unescape(src))
    parts = urlsplit(address)
    path = ""
    if not parts.scheme and not parts.netloc:
        path = normpath(unquote(parts.path).lstrip("/")) if address.startswith("/") else _site_path(address, page_url)[0]
    file = links.files_dir / path
    if not path or path.startswith("..") or not file.is_file():
        links.dropped.append((course_id, src))
        return ""
    return file.as_uri()
