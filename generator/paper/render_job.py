"""One handbook printed in its own process:
`python -m generator.paper.render_job BOOK.html BOOK.pdf [FOLDER...]` (folders the book may read images from).

The site build starts it as soon as every course page is rendered, so the PDF is laid out while MkDocs
writes the site, and its memory is the book's alone, not the site's. Prints one JSON line:
pages, seconds, peak resident memory in KB.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from generator.paper.pdf import PaperError, write_pdf
from generator.paper.handbook import STYLESHEET


def main(argv: list[str]) -> int:
    source, target = Path(argv[0]), Path(argv[1])
    allowed = [Path(folder) for folder in argv[2:]]
    started = time.perf_counter()
    try:
        pages = write_pdf(source.read_text(encoding="utf-8"), target, STYLESHEET, base_url=str(source.parent),
                          allowed=allowed)
    except PaperError as error:
        print(json.dumps({"error": str(error), "missing": list(error.missing_characters)}))
        return 1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"pages": pages, "seconds": round(time.perf_counter() - started, 2), "peak_kb": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
