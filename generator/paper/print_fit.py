"""Does a printed document stay inside its paper? Found from the rendered pages (pdftoppm), as a printer
sees them: any ink in a band along an edge is reported with its page, side and distance from the edge."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

MM_PER_INCH = 25.4
# Ink lighter than this is anti-aliasing haze or a very light fill, not something a reader would miss.
INK_BELOW = 200


@dataclass(frozen=True)
class Margins:
    """Bands, in mm from each paper edge, in which nothing may be printed."""

    top: float
    right: float
    bottom: float
    left: float


# Ordinary sheets: the side margins of paper.css's @page less 1 mm; the header and footer live in the top
# and bottom margins, so only the printer's own 6 mm are kept clear there. Role-play kit cards use 10 mm.
SHEET = Margins(top=6, right=17, bottom=6, left=19)
KIT = Margins(top=6, right=9, bottom=6, left=9)


@dataclass(frozen=True)
class InkOutside:
    page: int
    side: str
    mm_from_edge: float

    def __str__(self) -> str:
        return f"page {self.page}: ink {self.mm_from_edge:.1f} mm from the {self.side} edge"


def _read_pgm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maxval; comments are not written by pdftoppm
        while data[position:position + 1].isspace():
            position += 1
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    if fields[0] != b"P5" or int(fields[3]) > 255:
        raise ValueError(f"{path}: not an 8-bit PGM")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[position + 1:]
    return width, height, pixels


def ink_outside(pdf: Path, margins: Margins = SHEET, dpi: int = 60,
                pages: range | None = None) -> list[InkOutside]:
    """Every page and side with ink inside its band; the distance is that of the ink nearest the edge."""
    found: list[InkOutside] = []
    with tempfile.TemporaryDirectory(prefix="print-fit-") as folder:
        command = ["pdftoppm", "-gray", "-r", str(dpi)]
        if pages is not None:
            command += ["-f", str(pages.start), "-l", str(pages.stop - 1)]
        subprocess.run([*command, str(pdf), str(Path(folder) / "p")], check=True, capture_output=True)
        for image in sorted(Path(folder).glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[-1])):
            number = int(image.stem.split("-")[-1])
            found.extend(_page_ink(number, *_read_pgm(image), margins=margins, dpi=dpi))
    return found


def _page_ink(number: int, width: int, height: int, pixels: bytes, margins: Margins,
              dpi: int) -> list[InkOutside]:
    per_mm = dpi / MM_PER_INCH
    inked_rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < INK_BELOW]
    if not inked_rows:
        return []
    columns = [x for x in range(width) if min(pixels[x::width]) < INK_BELOW]
    extremes = {
        "top": inked_rows[0] / per_mm,
        "bottom": (height - 1 - inked_rows[-1]) / per_mm,
        "left": columns[0] / per_mm,
        "right": (width - 1 - columns[-1]) / per_mm,
    }
    return [InkOutside(number, side, distance) for side, distance in extremes.items()
            if distance < getattr(margins, side)]
