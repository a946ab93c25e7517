"""The trainer pack: paper exams in variants with keys and marking sheets, rubric score sheets, each
role-play scenario's classroom kit (role cards, case cards, observer sheet), and each cohort's paperwork
(plan, sign-in sheets, questionnaires, observation checklists, evaluation report).

Written to a folder outside the site; exam banks never go anywhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.messages import text
from generator.model.entities import Curriculum, QuizBank
from generator.paper import PACK_PARTS
from generator.paper.glyphs import missing_glyph_messages
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, require_cjk_fonts, write_pdf
from generator.paper.questions import paper_questions
from generator.paper.cohort_pack import write_cohort_pack
from generator.paper.roleplay import write_kits

VARIANTS = ("A", "B")


@dataclass
class PackFile:
    path: Path
    pages: int


def exam_variant_seed(bank: QuizBank, variant: str) -> str:
    return f"{bank.id}:{variant}"


DEFAULT_FOLDER = "trainer-pack"  # git-ignored


def refuse_unsafe_folder(out: Path, root: Path, published: list[Path]) -> None:
    """The pack holds exam answers: never into a published folder, and inside the repository only into
    its own git-ignored folder, where nothing commits or publishes it."""
    out = out.resolve()
    for folder in published:
        folder = folder.resolve()
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            raise PaperError(text("D1104", out=out, folder=folder))
    root = root.resolve()
    if out.is_relative_to(root) and not out.is_relative_to(root / DEFAULT_FOLDER):
        raise PaperError(text("D1105", out=out, default=DEFAULT_FOLDER))


def write_trainer_pack(
    env: jinja2.Environment, curriculum: Curriculum, out: Path, site_name: str, build_date: dt.date,
    parts: Collection[str] = PACK_PARTS,
) -> list[PackFile]:
    """`parts`: which of PACK_PARTS to print (a trainer preparing an exam needs only the exams)."""
    require_cjk_fonts()
    written: list[PackFile] = []
    common = {"site_name": site_name, "build_date": build_date.isoformat()}

    def write(template: str, target: Path, **context) -> int:
        html = env.get_template(f"training/paper/{template}").render(**common, **context)
        try:
            pages = write_pdf(html, target, STYLESHEET)
        except PaperError as error:
            if not error.missing_characters:
                raise
            banks = [context["bank"]] if "bank" in context else []
            rubrics = [context["rubric"]] if "rubric" in context else []
            messages = missing_glyph_messages(error.missing_characters, target.name, banks=banks, rubrics=rubrics)
            raise PaperError("\n".join(messages)) from None
        written.append(PackFile(target, pages))
        return pages

    competencies = {c.id: c.name for c in curriculum.model.competencies}
    for bank in (b for b in curriculum.quizzes if b.is_exam and "exams" in parts):
        for variant in VARIANTS:
            questions = paper_questions(bank, seed=exam_variant_seed(bank, variant))
            context = {"bank": bank, "variant": variant, "questions": questions, "total": bank.points,
                       "pass_points": bank.pass_points, "competencies": competencies}
            stem = out / "exams" / f"{bank.id}-{variant}"
            write("exam.html", stem.with_name(stem.name + "-paper.pdf"), **context)
            write("answer_key.html", stem.with_name(stem.name + "-key.pdf"), **context)
            write("marking_sheet.html", stem.with_name(stem.name + "-marking-sheet.pdf"), **context)
    for rubric in curriculum.rubrics if "rubrics" in parts else []:
        courses = [c for c in curriculum.courses if c.rubric and c.rubric.id == rubric.id]
        target = out / "rubrics" / f"{rubric.id}-score-sheet.pdf"
        if write("score_sheet.html", target, rubric=rubric, courses=courses) != 1:
            raise PaperError(text("D1106", file=rubric.file, id=rubric.id))
    for path, pages in write_kits(env, curriculum, out / "roleplay", site_name, build_date) if "roleplay" in parts else []:
        written.append(PackFile(path, pages))
    for cohort in curriculum.cohorts if "cohorts" in parts else []:
        for document in write_cohort_pack(env, curriculum, cohort, out / "cohorts" / cohort.id, site_name, build_date):
            written.append(PackFile(document.path, document.pages))
    return written
