"""The PDFs a site build prints alongside the page engine: handbooks and the role-play kits, each in its own
process, started once every course page is rendered and collected when the site is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.paper.handbook import (
    HandbookJob,
    RenderedCourse,
    cancel_handbooks,
    finish_handbooks,
    handbook_file,
    start_handbooks,
)
from generator.paper.pdf import PaperError, require_cjk_fonts
from generator.paper.roleplay import KIT_FILE, KitJob, cancel_kits, finish_kits, start_kits

if TYPE_CHECKING:
    from generator.site.options import SiteOptions
    from generator.site.site import Site


@dataclass(frozen=True)
class PrintedFile:
    """A PDF in the site, with the HTML it was printed from (what the exam-text scan reads)."""

    site_file: str
    path: Path
    html: str


@dataclass
class SitePrinting:
    books: list[HandbookJob] = field(default_factory=list)
    kits: KitJob | None = None

    @property
    def processes(self) -> int:
        return len(self.books) + (self.kits is not None)

    @staticmethod
    def planned_processes(site: Site) -> int:
        """The printing processes `start` will run for this site (known before the pages are rendered)."""
        options, curriculum = site.options, site.curriculum
        return (len(curriculum.handbooks) if options.handbook_pdfs else 0) + \
            (1 if options.roleplay_kits and curriculum.scenarios else 0)

    @staticmethod
    def likely_processes(options: SiteOptions, root: Path) -> int:
        """`planned_processes` guessed before the content is read: one for a handbooks file, one for the kits."""
        return (1 if options.handbook_pdfs and (root / options.handbooks_file).is_file() else 0) + \
            (1 if options.roleplay_kits else 0)

    @staticmethod
    def check_fonts(site: Site) -> None:
        """Raises PaperError, before anything is built, when the site will print and the fonts are missing."""
        options, curriculum = site.options, site.curriculum
        if (options.handbook_pdfs and curriculum.handbooks) or (options.roleplay_kits and curriculum.scenarios):
            require_cjk_fonts()

    def start(self, site: Site, rendered: dict[str, RenderedCourse], workdir: Path, files_dir: Path,
              site_name: str, site_url: str) -> list[str]:
        """Start printing what the site's options ask for; returns warnings (images a handbook leaves out)."""
        curriculum, warnings = site.curriculum, []
        if site.options.handbook_pdfs and curriculum.handbooks:
            self.books = start_handbooks(site.env, curriculum, rendered, workdir, files_dir, site_name, site_url,
                                         site.today, site.options.handbook_piece_kb * 1000)
            warnings = [warning for job in self.books for warning in job.warnings]
        if site.options.roleplay_kits:
            self.kits = start_kits(site.env, curriculum, workdir, site_name, site.today)
        return warnings

    def finish(self, site: Site, site_dir: Path) -> tuple[list[PrintedFile], list[str]]:
        """Wait for every PDF and move it into the site: the files, and a line about each for the log.
        Raises PaperError, naming files and lines, when any of them failed."""
        books, self.books = self.books, []
        kits, self.kits = self.kits, None
        printed, lines, errors = [], [], []
        try:
            for book in finish_handbooks(books, site_dir, site.curriculum) if books else []:
                printed.append(PrintedFile(handbook_file(book.handbook), book.path, book.html))
                pieces = f", {book.pieces} pieces" if book.pieces > 1 else \
                    (f", printed whole: {book.whole_because}" if book.whole_because else "")
                lines.append(f"Handbook {handbook_file(book.handbook)}: {book.pages} pages in {book.seconds:.1f} s, "
                             f"peak {book.peak_kb // 1024} MB{pieces} (printed alongside the site build)")
        except PaperError as error:
            errors.append(str(error))
        try:
            if kits is not None:
                result = finish_kits(kits, site_dir)
                printed.append(PrintedFile(KIT_FILE, result.path, result.html))
                lines.append(f"Role-play kits {KIT_FILE}: {result.pages} pages in {result.seconds:.1f} s "
                             f"(printed alongside the site build)")
        except PaperError as error:
            errors.append(str(error))
        if errors:
            raise PaperError("\n".join(errors))
        return printed, lines

    def cancel(self) -> None:
        cancel_handbooks(self.books)
        cancel_kits(self.kits)
        self.books, self.kits = [], None
