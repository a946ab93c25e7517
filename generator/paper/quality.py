"""The quality loop on paper: how its numbers print, the printing of its documents (generator.quality.printing
names them), and per case the calibration sheets of the trainer pack (the numbered transcript and one blank
grading sheet per grader, without the expert's scores: graders score blind)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import jinja2

from generator.model.entities import SPEAKERS, Case, Curriculum
from generator.paper.glyphs import missing_glyph_messages
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, write_pdf
from generator.render.cases import points_text


def percent(value: Fraction | float | None, digits: int = 1) -> str:
    """0.8 -> 80%, 2/3 -> 66.7%; None -> —."""
    if value is None:
        return "—"
    shown = f"{float(value) * 100:.{digits}f}".rstrip("0").rstrip(".")
    return f"{shown}%"


def points(value: Fraction | None) -> str:
    return "—" if value is None else points_text(round(float(value), 2))


def signed(value: Fraction | None) -> str:
    if value is None:
        return "—"
    shown = points(abs(value))
    return f"+{shown}" if value > 0 else f"−{shown}" if value < 0 else "0"


def alpha_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def alpha_verdict(value: float | None) -> str:
    """Krippendorff's reading of alpha: ≥ .800 reliable, ≥ .667 for tentative conclusions only."""
    if value is None:
        return "undefined"
    return "reliable" if value >= 0.8 else "tentative" if value >= 0.667 else "low"


FILTERS: dict[str, Callable[..., str]] = {"percent": percent, "points": points, "signed": signed, "alpha": alpha_text}


def print_quality_document(env: jinja2.Environment, template: str, target: Path, curriculum: Curriculum, cases: list[Case],
           **context: Any) -> int:
    for name, function in FILTERS.items():
        env.filters.setdefault(f"q_{name}", function)
    html = env.get_template(f"training/paper/{template}").render(speakers=SPEAKERS, curriculum=curriculum, **context)
    try:
        return write_pdf(html, target, STYLESHEET)
    except PaperError as error:
        if not error.missing_characters:
            raise
        messages = missing_glyph_messages(error.missing_characters, target.name, rubrics=curriculum.rubrics)
        for case in cases:
            messages += [f"{case.file}:{line.line}: “{c}”" for line in case.transcript for c in error.missing_characters
                         if c in line.say]
        raise PaperError("\n".join(messages)) from None


def write_case_sheets(env: jinja2.Environment, curriculum: Curriculum, case: Case, target: Path, site_name: str,
                      today: dt.date, graders: int) -> int:
    """The numbered transcript, then one blank grading sheet per grader (each on its own page)."""
    rubric = curriculum.rubric_by_id[case.rubric.id]
    return print_quality_document(env, "case_calibration.html", target, curriculum, [case], case=case, rubric=rubric,
                  copies=range(1, graders + 1), site_name=site_name, build_date=today.isoformat(),
                  tier=curriculum.tier_by_id[case.tier.id].name if case.tier.id in curriculum.tier_by_id else case.tier.id)
