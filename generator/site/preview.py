"""While previewing (`make serve`), content errors show in the browser: every page of the last good site
carries the located messages at its top, until a save fixes them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import jinja2

from generator.errors import ContentError, Problem, root_causes_first
from generator.model.entities import Curriculum
from generator.model.layout import ContentLayout
from generator.site.site import SiteCache, load_site_content

START, END = "<!-- training:preview-problems -->", "<!-- /training:preview-problems -->"
_MARKED = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
_BODY = re.compile(r"<body\b[^>]*>")


def mark_site(site_dir: Path, problems: Sequence[Problem], env: jinja2.Environment) -> int:
    """Put the problems at the top of every page (or take them away when there are none); the pages changed."""
    banner = START + env.get_template("training/preview_problems.html").render(
        problems=problems, groups=root_causes_first(problems)) + END if problems else ""
    changed = 0
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        clean = _MARKED.sub("", html)
        marked = _BODY.sub(lambda m: m.group(0) + banner, clean, count=1) if banner else clean
        if marked != html:
            page.write_text(marked, encoding="utf-8")
            changed += 1
    return changed


def load_keeping_last_good(layout: ContentLayout, cache: SiteCache, last_good: Curriculum | None,
                           serving: bool) -> tuple[Curriculum, ContentError | None]:
    """The curriculum; while previewing, content with errors leaves the last good curriculum in place and
    the errors to show on its pages. A build with errors, or a preview's first, stops with ContentError."""
    try:
        return load_site_content(layout, cache), None
    except ContentError as error:
        if not serving or last_good is None:
            raise
        return last_good, error
