"""A handbook printed in its own process, piece by piece: `python -m generator.paper.book_job BOOK.json BOOK.pdf
[FOLDER...]` (BOOK.json from generator.paper.book_pieces; folders the book may read images from). Prints one
JSON line, as generator.paper.render_job does: pages, seconds, peak resident memory in KB.

Each piece is laid out and written before the next, so memory holds one piece (a few dozen pages), not the
book. A piece's page numbers depend on the pieces before it (where it starts) and, for its references to other
pieces, on the pieces after it; so the pieces are printed in order with the numbers known so far, and printed
again, in rounds, while a number they show has changed. In practice the second round prints only the front
matter and the parts' dividers (small), and the third finds nothing to do. The book's length, in every page's
footer, is known at the end: body pages get their footers stamped on (generator.paper.book_merge).
"""

from __future__ import annotations

import gc
import html as html_lib
import json
import re
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.forked import WorkerLost, peak_memory_kb, run_forked
from generator.messages import text
from generator.paper.book_merge import merge_book
from generator.paper.book_pieces import BOOK_SCHEME, BookPlan, Piece
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, first_pages, render_document, save_document

# As paper.css prints it for a document printed whole: `counter(pages)` there, the book's length here.
FOOTER = '"第 " counter(page) " 页 / 共 {total} 页"'
# A number not known yet: as wide as most (a wider or narrower one may move a line, and the rounds see it).
GUESS = "888"
UNPLACED = 0  # a target no piece lays out
ROUNDS = 4
STAMP_PAGES = 250


@dataclass
class PrintedPiece:
    printed_with: tuple  # first page, numbers shown, book length shown
    pages: int
    anchors: dict[str, int]  # page (in the book) of each anchor other pieces refer to


class BookPrinter:
    def __init__(self, plan: BookPlan, target_name: str, scratch: Path, allowed: list[Path], base_url: str):
        self.plan, self.target_name, self.scratch = plan, target_name, scratch
        self.allowed, self.base_url = allowed, base_url
        self.link_to_piece = re.compile(rf'href="[^"]*" data-page="{re.escape(plan.nonce)}:(\d+)"')
        self.printed: dict[int, PrintedPiece] = {}

    def piece_file(self, number: int) -> Path:
        return self.scratch / f"piece-{number}.pdf"

    def settle(self) -> bool:
        """Print every piece until what each shows is final; False when the rounds did not settle."""
        pieces = self.plan.pieces
        for _ in range(ROUNDS):
            known = {anchor: page for done in self.printed.values() for anchor, page in done.anchors.items()}
            total = sum(done.pages for done in self.printed.values()) if len(self.printed) == len(pieces) else None
            # Once every piece was printed, a target still without a page is on none (hidden, say): the link
            # is printed as in a book printed whole (UNPLACED), not with a guess.
            missing = None if total is None else UNPLACED
            first_page, reprinted = 1, False
            for number, piece in enumerate(pieces):
                shown = tuple(known.get(ref, missing) for ref in piece.refs)
                wanted = (first_page, shown, total if piece.kind == "front" else None)
                done = self.printed.get(number)
                if done is None or done.printed_with != wanted:
                    done = self.printed[number] = self.print_piece(number, piece, wanted)
                    known.update(done.anchors)
                    reprinted = True
                first_page += done.pages
            if not reprinted:
                return True
        return False

    def print_piece(self, number: int, piece: Piece, wanted: tuple) -> PrintedPiece:
        first_page, shown, total = wanted

        def link(match: re.Match) -> str:
            ref = int(match.group(1))
            page = shown[ref]
            if page == UNPLACED:
                return f'href="#{html_lib.escape(piece.refs[ref])}"'
            return f'href="{BOOK_SCHEME}{quote(piece.refs[ref], safe="")}" data-page="{GUESS if page is None else page}"'

        html = self.link_to_piece.sub(link, piece.html)
        footer = FOOTER.format(total=total or GUESS) if piece.kind == "front" else "none"
        css = f"@page :first {{ counter-reset: page {first_page}; }}\n@page {{ @bottom-center {{ content: {footer}; }} }}\n"
        # The body's margins (the user agent's 8 px) are the book's: above its first page, below its last.
        css += "body { margin-top: 0; }\n" if number else ""
        css += "body { margin-bottom: 0; }\n" if number < len(self.plan.pieces) - 1 else ""
        document = render_document(html, self.target_name, STYLESHEET, self.base_url, self.allowed, css)
        anchors = {anchor: first_page + local - 1 for anchor, local in first_pages(document, "").items()
                   if anchor in set(piece.anchors)}
        save_document(document, self.piece_file(number))
        pages = len(document.pages)
        del document
        gc.collect()  # the laid-out pages are cyclic: free them before the next piece is laid out
        return PrintedPiece(wanted, pages, anchors)

    def print_pieces(self) -> tuple[list[Path] | None, int]:
        """Every piece printed, and the stamps of their page numbers (None if the pieces did not settle); and
        the peak memory of the process that printed them, in KB."""
        stamps = self.stamps() if self.settle() else None
        return stamps, peak_memory_kb()

    def stamps(self) -> list[Path]:
        """One page of footer for each page after the front matter, numbered on from it; in documents of at most
        STAMP_PAGES pages, as a document's pages are held until it is written, even blank ones."""
        front = self.printed[0].pages
        total = sum(done.pages for done in self.printed.values())
        stamps = []
        for first in range(front + 1, total + 1, STAMP_PAGES):
            count = min(STAMP_PAGES, total + 1 - first)
            html = '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>-</title></head><body>' + \
                '<div class="book-stamp"></div>' * count + "</body></html>"
            css = (f"@page :first {{ counter-reset: page {first}; }}\n"
                   f"@page {{ @top-center {{ content: none; }} @bottom-center {{ content: {FOOTER.format(total=total)}; }} }}\n"
                   ".book-stamp { break-before: page; }\n.book-stamp:first-child { break-before: auto; }\n")
            document = render_document(html, self.target_name, STYLESHEET, self.base_url, self.allowed, css)
            stamps.append(self.scratch / f"stamp-{first}.pdf")
            save_document(document, stamps[-1], tagged=False)
            del document
            gc.collect()
        return stamps


@dataclass
class PrintedBook:
    pages: int
    pieces: int  # 1: printed whole
    whole_because: str = ""  # why a book with pieces was printed whole after all
    printing_peak: int = 0  # KB, of the process that laid the pieces out


def print_book(plan: BookPlan, target: Path, allowed: list[Path], base_url: str) -> PrintedBook:
    """Print the book to `target`. A book that has no pieces (a small one) is printed whole; so is one whose
    pieces' page numbers do not settle, or whose pieces cannot be merged (then the report says why)."""
    reason = ""
    if plan.pieces:
        with tempfile.TemporaryDirectory(prefix="book-", dir=target.parent) as scratch:
            printer = BookPrinter(plan, target.name, Path(scratch), allowed, base_url)
            # Laid out in a process of their own, whose memory (WeasyPrint keeps much of it) goes when it ends:
            # the merge, which holds the whole book's objects, starts here from a small process.
            try:
                stamps, printing_peak = run_forked([printer.print_pieces], apart=True)[0]
            except WorkerLost as error:
                raise PaperError(f"{target.name}: {text('D1116', detail=error)}") from None
            reason = f"page numbers not settled after {ROUNDS} rounds"
            if stamps is not None:
                pieces = [printer.piece_file(number) for number in range(len(plan.pieces))]
                try:
                    continued = {number for number, piece in enumerate(plan.pieces) if piece.kind == "continued"}
                    return PrintedBook(merge_book(pieces, stamps, target, continued), len(pieces),
                                       printing_peak=printing_peak)
                except Exception as error:  # qpdf, a font file: the book printed whole is the same book
                    reason = f"the pieces could not be merged ({type(error).__name__}: {error})"
    document = render_document(plan.whole, target.name, STYLESHEET, base_url, allowed)
    save_document(document, target)
    return PrintedBook(len(document.pages), 1, reason)


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    allowed = [Path(folder) for folder in argv[2:]]
    started = time.perf_counter()
    plan = BookPlan.loads(source.read_text(encoding="utf-8"))
    try:
        book = print_book(plan, target, allowed, str(source.parent))
    except PaperError as error:
        print(json.dumps({"error": str(error), "missing": list(error.missing_characters)}))
        return 1
    except KeyboardInterrupt:  # the build stops its printing jobs itself, and says so
        return 130
    except Exception as error:  # a fault of ours: the build says which, the details go to stderr
        traceback.print_exc()
        print(json.dumps({"error": f"{target.name}: {text('D1117', detail=f'{type(error).__name__}: {error}')}",
                          "missing": []}))
        return 1
    # The larger of this process (merging) and the one that laid the pieces out: they take turns.
    peak = max(peak_memory_kb(), book.printing_peak)
    report: dict[str, Any] = {"pages": book.pages, "seconds": round(time.perf_counter() - started, 2), "peak_kb": peak,
                              "pieces": book.pieces, "whole_because": book.whole_because}
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
