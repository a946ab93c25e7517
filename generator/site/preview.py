"""While previewing (`make serve`), content errors show in the browser: every page of the last good site
carries the located messages at its top, until a save fixes them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import jinja2

from generator.errors import Problem

START, END = "<!-- training:preview-problems -->", "<!-- /training:preview-problems -->"
_MARKED = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
_BODY = re.compile(r"<body\b[^>]*>")


def mark_site(site_dir: Path, problems: Sequence[Problem], env: jinja2.Environment) -> int:
    """Put the problems at the top of every page (or take them away when there are none); the pages changed."""
    banner = START + env.get_template("training/preview_problems.html").render(problems=problems) + END if problems else ""
    changed = 0
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        clean = _MARKED.sub("", html)
        marked = _BODY.sub(lambda m: m.group(0) + banner, clean, count=1) if banner else clean
        if marked != html:
            page.write_text(marked, encoding="utf-8")
            changed += 1
    return changed
