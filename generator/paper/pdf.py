"""HTML to PDF with WeasyPrint; a Chinese font is required and a missing glyph fails the build."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path
from typing import Any

from generator.errors import PaperError
from generator.messages import text
from generator.paper.typeset import thin_cjk_gaps

CJK_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")


def require_cjk_fonts() -> None:
    """Fail before printing empty boxes: both families the stylesheet names must be installed."""
    if shutil.which("fc-list") is None:
        raise PaperError(text("D1108"))
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    missing = [font for font in CJK_FONTS if font not in families]
    if missing:
        raise PaperError(text("D1107", fonts=", ".join(missing)))


class _GlyphWatch(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if ".notdef glyph" in message:
            self.missing.append(message)


def confined_fetcher(allowed: list[Path]):
    """WeasyPrint's fetcher limited to regular files inside `allowed` folders (and data: URLs): a page
    cannot make the printer read /proc, the environment, an exam bank or the network."""
    from urllib.parse import unquote, urlsplit
    from urllib.request import url2pathname

    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    roots = [folder.resolve() for folder in allowed]

    class ConfinedFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            scheme = parts.scheme.lower()
            if scheme == "file" and parts.netloc in ("", "localhost"):
                path = Path(url2pathname(unquote(parts.path))).resolve()
                if path.is_file() and ".git" not in path.parts and any(path.is_relative_to(r) for r in roots):
                    return super().fetch(path.as_uri(), headers)
            elif scheme == "data":
                return super().fetch(url, headers)
            raise FatalURLFetchingError(text("D1109", url=url[:200]))

    return ConfinedFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


class _Printing:
    """Around a WeasyPrint step (layout or writing): a fetch outside the allowed folders, or a character no
    font can draw, becomes a PaperError naming the document."""

    def __init__(self, target_name: str) -> None:
        self.target_name = target_name
        self.watch = _GlyphWatch()

    def __enter__(self) -> _Printing:
        logging.getLogger("weasyprint").addHandler(self.watch)
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        from weasyprint.urls import FatalURLFetchingError

        logging.getLogger("weasyprint").removeHandler(self.watch)
        if isinstance(error, FatalURLFetchingError):
            raise PaperError(f"{self.target_name}: {error}") from None
        if error is None and self.watch.missing:
            missing = self.watch.missing
            characters = tuple(sorted({c for m in missing if m.count('"') >= 2 for c in m.split('"')[1]}))
            raise PaperError(f"{self.target_name}: no font has a glyph for {' '.join(characters) or 'some characters'}",
                             characters)


def render_document(html: str, target_name: str, stylesheet: Path, base_url: str | None = None,
                    allowed: list[Path] | None = None, extra_css: str = "") -> Any:
    """Lay out a WeasyPrint document. Files are read only from `allowed` folders (default: the base folder)
    and the stylesheet's folder. `extra_css` comes after the stylesheet."""
    from weasyprint import CSS, HTML  # imported late: the site builds without it when no PDF is asked for

    folders = [*(allowed or ([Path(base_url)] if base_url else [])), stylesheet.parent]
    fetcher = confined_fetcher(folders)
    with _Printing(target_name):
        return HTML(string=thin_cjk_gaps(html), base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher),
                         *([CSS(string=extra_css, url_fetcher=fetcher)] if extra_css else [])]
        )


# Tagged for screen readers (structure, reading order, table headers, title and language from the HTML).
PDF_VARIANT = "pdf/ua-1"


def save_document(document: Any, target: Path, tagged: bool = True) -> None:
    """Write the PDF: tagged PDF/UA unless `tagged` is false (a page of ink other pages are overlaid with)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with _Printing(target.name):
        document.write_pdf(str(target), attachments=[], pdf_variant=PDF_VARIANT if tagged else None)


def first_pages(document: Any, prefix: str) -> dict[str, int]:
    """The page (from 1) each element whose id starts with `prefix` begins on."""
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            if anchor.startswith(prefix):
                found.setdefault(anchor[len(prefix):], number)
    return found


def write_pdf(html: str, target: Path, stylesheet: Path, base_url: str | None = None,
              allowed: list[Path] | None = None) -> int:
    """Render and write; returns the page count. Raises PaperError naming any character without a glyph."""
    document = render_document(html, target.name, stylesheet, base_url, allowed)
    save_document(document, target)
    return len(document.pages)
