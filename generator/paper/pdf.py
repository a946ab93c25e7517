"""HTML to PDF with WeasyPrint; a Chinese font is required and a missing glyph fails the build."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

CJK_FONTS = ("Noto Serif CJK SC", "Noto Sans CJK SC")
INSTALL_HINT = "install the Debian package fonts-noto-cjk (`make portal` does: apt-get install fonts-noto-cjk)"


class PaperError(Exception):
    """A PDF could not be made properly; the message says what to do."""


def require_cjk_fonts() -> None:
    """Fail before printing empty boxes: both families the stylesheet names must be installed."""
    if shutil.which("fc-list") is None:
        raise PaperError(f"cannot check for Chinese fonts: fc-list (Debian package fontconfig) is missing; "
                         f"install fontconfig and {INSTALL_HINT}")
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    missing = [font for font in CJK_FONTS if font not in families]
    if missing:
        raise PaperError(f"no Chinese font for the PDFs ({', '.join(missing)} not found); {INSTALL_HINT}")


class _GlyphWatch(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.missing: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if ".notdef glyph" in message:
            self.missing.append(message)


def write_pdf(html: str, target: Path, stylesheet: Path, base_url: str | None = None) -> int:
    """Render and write; returns the page count. Raises PaperError naming any character without a glyph."""
    from weasyprint import CSS, HTML  # imported late: the site builds without it when no PDF is asked for
    from weasyprint.urls import URLFetcher

    # A book is made from the built site only: nothing is fetched from the network.
    fetcher = URLFetcher(allowed_protocols={"file", "data"})

    watch = _GlyphWatch()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(watch)
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[CSS(filename=str(stylesheet), url_fetcher=fetcher)]
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(str(target))
    finally:
        logger.removeHandler(watch)
    if watch.missing:
        characters = sorted({m.split('"')[1] for m in watch.missing if m.count('"') >= 2})
        raise PaperError(f"{target.name}: no font has a glyph for {' '.join(characters) or 'some characters'}; "
                         f"{INSTALL_HINT}")
    return len(document.pages)
