"""The trainer pack: paper exams in variants with keys and marking sheets, rubric score sheets, each
role-play scenario's classroom kit (role cards, case cards, observer sheet), each cohort's paperwork
(plan, sign-in sheets, questionnaires, observation checklists, evaluation report), and per call case the
calibration material of a 复盘会 (the numbered transcript and one blank grading sheet per grader).

Written to a folder outside the site; exam banks never go anywhere else.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.forked import WorkerLost, run_forked
from generator.messages import text
from generator.model.entities import Case, Course, Curriculum, QuizBank, Rubric
from generator.model.programme import Cohort
from generator.paper import DEFAULT_GRADERS, PACK_PARTS
from generator.paper.cohort_pack import write_cohort_pack
from generator.paper.glyphs import missing_glyph_messages
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, require_cjk_fonts, write_pdf
from generator.paper.quality import write_case_sheets
from generator.paper.questions import paper_questions
from generator.paper.roleplay import write_kits

VARIANTS = ("A", "B")


@dataclass
class PackFile:
    path: Path
    pages: int


def exam_variant_seed(bank: QuizBank, variant: str) -> str:
    return f"{bank.id}:{variant}"


def write_trainer_pack(
    env: jinja2.Environment, curriculum: Curriculum, out: Path, site_name: str, build_date: dt.date,
    parts: Collection[str] = PACK_PARTS, workers: int | None = None, graders: int = DEFAULT_GRADERS,
) -> list[PackFile]:
    """`parts`: which of PACK_PARTS to print (a trainer preparing an exam needs only the exams). Each exam,
    score sheet, the role-play kits and each cohort's paperwork print side by side on `workers` processes
    (default: every processor); the problems of all of them are reported together."""
    require_cjk_fonts()
    pack = _Pack(env, curriculum, out, site_name, build_date, graders)
    jobs: list[Callable[[], list[PackFile]]] = []
    if "exams" in parts:
        jobs += [functools.partial(pack.exam, bank) for bank in curriculum.quizzes if bank.is_exam]
    if "rubrics" in parts:
        jobs += [functools.partial(pack.score_sheet, rubric) for rubric in curriculum.rubrics]
    if "roleplay" in parts and curriculum.scenarios:
        jobs.append(pack.roleplay_kits)
    if "cohorts" in parts:
        jobs += [functools.partial(pack.cohort, cohort) for cohort in curriculum.cohorts]
    if "cases" in parts:
        jobs += [functools.partial(pack.case, case) for case in curriculum.cases]
    if "facts" in parts:
        jobs += [functools.partial(pack.key_facts, course) for course in curriculum.courses if course.key_facts]
    try:
        results = run_forked([functools.partial(_problem_or_files, job) for job in jobs], workers)
    except WorkerLost:  # a printing process was killed, for example by the system when memory ran out
        raise PaperError(text("D1113")) from None
    problems = [str(result) for result in results if isinstance(result, PaperError)]
    if problems:
        raise PaperError("\n".join(problems))
    return [file for result in results if not isinstance(result, PaperError) for file in result]


def _problem_or_files(job: Callable[[], list[PackFile]]) -> list[PackFile] | PaperError:
    try:
        return job()
    except PaperError as error:
        return error


@dataclass
class _Pack:
    env: jinja2.Environment
    curriculum: Curriculum
    out: Path
    site_name: str
    build_date: dt.date
    graders: int = DEFAULT_GRADERS

    def print(self, template: str, target: Path, **context: Any) -> PackFile:
        html = self.env.get_template(f"training/paper/{template}").render(
            site_name=self.site_name, build_date=self.build_date.isoformat(), **context)
        try:
            return PackFile(target, write_pdf(html, target, STYLESHEET))
        except PaperError as error:
            if not error.missing_characters:
                raise
            banks = [context["bank"]] if "bank" in context else []
            rubrics = [context["rubric"]] if "rubric" in context else []
            messages = missing_glyph_messages(error.missing_characters, target.name, banks=banks, rubrics=rubrics)
            raise PaperError("\n".join(messages)) from None

    def exam(self, bank: QuizBank) -> list[PackFile]:
        """Each variant's paper, answer key and marking sheet."""
        competencies = {c.id: c.name for c in self.curriculum.model.competencies}
        files = []
        for variant in VARIANTS:
            questions = paper_questions(bank, seed=exam_variant_seed(bank, variant))
            context = {"bank": bank, "variant": variant, "questions": questions, "total": bank.points,
                       "pass_points": bank.pass_points, "competencies": competencies}
            stem = self.out / "exams" / f"{bank.id}-{variant}"
            for template, suffix in (("exam.html", "paper"), ("answer_key.html", "key"),
                                     ("marking_sheet.html", "marking-sheet")):
                files.append(self.print(template, stem.with_name(f"{stem.name}-{suffix}.pdf"), **context))
        return files

    def score_sheet(self, rubric: Rubric) -> list[PackFile]:
        courses = [c for c in self.curriculum.courses if c.rubric and c.rubric.id == rubric.id]
        sheet = self.print("score_sheet.html", self.out / "rubrics" / f"{rubric.id}-score-sheet.pdf",
                           rubric=rubric, courses=courses)
        if sheet.pages != 1:
            raise PaperError(text("D1106", file=rubric.file, id=rubric.id))
        return [sheet]

    def roleplay_kits(self) -> list[PackFile]:
        return [PackFile(path, pages) for path, pages in
                write_kits(self.env, self.curriculum, self.out / "roleplay", self.site_name, self.build_date)]

    def cohort(self, cohort: Cohort) -> list[PackFile]:
        return [PackFile(document.path, document.pages) for document in write_cohort_pack(
            self.env, self.curriculum, cohort, self.out / "cohorts" / cohort.id, self.site_name, self.build_date)]

    def key_facts(self, course: Course) -> list[PackFile]:
        """A course's 要点卡: its key facts on one page, to fold and test oneself."""
        card = self.print("key_facts.html", self.out / "facts" / f"{course.id}-key-facts.pdf", course=course)
        if card.pages != 1:
            raise PaperError(text("M1804", file=course.file, id=course.id))
        return [card]

    def case(self, case: Case) -> list[PackFile]:
        """The call for a calibration meeting: graders score it blind, so no expert's score is printed."""
        target = self.out / "cases" / f"{case.id}-calibration.pdf"
        return [PackFile(target, write_case_sheets(self.env, self.curriculum, case, target, self.site_name,
                                                   self.build_date, self.graders))]
