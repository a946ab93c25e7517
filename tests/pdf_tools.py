"""Reading PDFs back the way a reviewer would: poppler's text, font list and page images."""

from __future__ import annotations

import subprocess
from pathlib import Path


def text(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    command = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        command.append("-layout")
    if first:
        command += ["-f", str(first)]
    if last:
        command += ["-l", str(last)]
    return subprocess.run([*command, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> list[str]:
    """The text of each page, in order."""
    return text(pdf).split("\f")[:-1]


def fonts(pdf: Path) -> list[dict]:
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni object-id generation
        rows.append({"name": parts[0], "embedded": parts[-5] == "yes", "subset": parts[-4] == "yes"})
    return rows


def ink(pdf: Path, page: int, out_dir: Path) -> float:
    """Share of non-white pixels on a page rendered by pdftoppm: a blank or boxes-only page shows here."""
    from PIL import Image

    stem = out_dir / f"{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(stem)],
                   check=True)
    image = Image.open(f"{stem}.png").convert("L")
    histogram = image.histogram()  # 256 grey levels
    return sum(histogram[:200]) / (image.width * image.height)
