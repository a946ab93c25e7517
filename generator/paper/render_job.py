"""One document printed in its own process (the role-play kits; handbooks have generator.paper.book_job):
`python -m generator.paper.render_job [--anchors PREFIX] DOC.html DOC.pdf [FOLDER...]` (folders the document
may read images from; with --anchors, the report says on which page each element whose id starts with
PREFIX begins).

The site build starts it as soon as every course page is rendered, so the PDF is laid out while MkDocs
writes the site, and its memory is the document's alone, not the site's. Prints one JSON line:
pages, seconds, peak resident memory in KB.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from generator.forked import peak_memory_kb
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, first_pages, render_document, save_document


def main(argv: list[str]) -> int:
    prefix = None
    if argv[:1] == ["--anchors"]:
        prefix, argv = argv[1], argv[2:]
    source, target = Path(argv[0]), Path(argv[1])
    allowed = [Path(folder) for folder in argv[2:]]
    started = time.perf_counter()
    try:
        document = render_document(source.read_text(encoding="utf-8"), target.name, STYLESHEET,
                                   base_url=str(source.parent), allowed=allowed)
        save_document(document, target)
    except PaperError as error:
        print(json.dumps({"error": str(error), "missing": list(error.missing_characters)}))
        return 1
    peak = peak_memory_kb()
    report: dict[str, Any] = {"pages": len(document.pages), "seconds": round(time.perf_counter() - started, 2), "peak_kb": peak}
    if prefix:
        report["anchors"] = first_pages(document, prefix)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
