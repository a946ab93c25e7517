"""training.css holds what every page needs; what one kind of page shows is in pages/<kind>.css, loaded by that
page only. The split is safe while no page uses a class styled by a sheet it does not load."""

from __future__ import annotations

import gzip
import re

from conftest import REPO

SHEET_CLASS = re.compile(r"\.(training-[a-z0-9_-]+)")
MATERIAL_THEME = REPO / "generator" / "mkdocs_plugin" / "material" / "theme"


def _sheet_classes(site) -> dict[str, set[str]]:
    folder = site / "assets" / "training" / "pages"
    return {sheet.stem: set(SHEET_CLASS.findall(sheet.read_text(encoding="utf-8"))) for sheet in folder.glob("*.css")}


def test_no_page_uses_a_class_from_a_sheet_it_does_not_load(sample_site):
    sheets = _sheet_classes(sample_site.site)
    assert {"catalog", "competencies", "glossary", "updates", "cohort", "case", "review", "home", "404", "scenario"} <= set(sheets)
    core = set(SHEET_CLASS.findall((sample_site.site / "assets/training/training.css").read_text(encoding="utf-8")))
    found = []
    for page in sorted(sample_site.site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        loaded = set(re.findall(r'assets/training/pages/([a-z0-9-]+)\.css"', html))
        used = set(re.findall(r"training-[a-z0-9_-]+", html))
        for sheet, classes in sheets.items():
            stray = (used & classes) - core if sheet not in loaded else set()
            if stray:
                found.append(f"{page.relative_to(sample_site.site)} uses {sorted(stray)} from pages/{sheet}.css")
    assert not found, "\n".join(found)


def test_each_page_kind_loads_its_own_sheet_and_a_course_page_none(sample_site):
    def sheets(path: str) -> list[str]:
        return re.findall(r'assets/training/pages/([a-z0-9-]+)\.css"', sample_site.html(path))

    assert sheets("") == ["home"] and sheets("catalog") == ["catalog"] and sheets("competencies") == ["competencies"]
    assert sheets("glossary") == ["glossary"] and sheets("cases") == ["case"] and sheets("review") == ["review"]
    assert sheets("courses/foundation/crm-knowledge-base") == []
    # The role-play player shows on its own page and on the course pages that offer the scenario.
    assert sheets("scenarios/promo-delay-third-call") == ["scenario"] == sheets("courses/foundation/complaint-basics")
    assert re.findall(r'assets/training/pages/([a-z0-9-]+)\.css"', (sample_site.site / "404.html").read_text()) == ["404"]


def test_the_portals_own_share_of_a_course_page_stays_within_its_budget(sample_site):
    """What the portal adds to every course page, each file gzipped as served: training.css, and learn.js with the
    modules it imports, and Material's start-up scripts served as files (a course page's first visit; Material's
    own sheet and bundle are not counted). 20,618 bytes before the page-kind sheets and the module split."""
    site = sample_site.site
    page = site / "courses/foundation/crm-knowledge-base/index.html"
    html = page.read_text(encoding="utf-8")
    ours = [href for pair in re.findall(r'<link rel="(?:stylesheet|modulepreload)" href="([^"]+)"|<script[^>]* src="([^"]+)"',
                                        html) for href in pair if "assets/training/" in href]
    assert "training.css" in ours[0] and not any("pages/" in href or "scenario" in href for href in ours)
    served = [(page.parent / href).resolve().read_text(encoding="utf-8") for href in ours]
    total = sum(len(gzip.compress(text.encode("utf-8"), 9)) for text in served)
    assert total <= 16 * 1024, f"{total} bytes gzipped, budget {16 * 1024}"
    # Served without the sources' comments (Material's start-up scripts included): only the theme's files keep them.
    assert not [href for href, text in zip(ours, served) if "/*" in text], ours
    assert "/*" in (MATERIAL_THEME / "assets" / "training" / "md-globals.js").read_text(encoding="utf-8")
