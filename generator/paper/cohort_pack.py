"""A cohort's paperwork: the plan for approval (培训方案策划书), a sign-in sheet per session, the reaction
questionnaire per session, a level-3 observation checklist per agent, and the evaluation report (filled
in with the level-4 figures when the cohort has them)."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.model.entities import Course, Curriculum
from generator.model.programme import Cohort
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, write_pdf
from generator.render.cohort import KIRKPATRICK, learning_assessments, session_title, weekday
from generator.render.evaluation import format_value, kpi_chart, learning_figures, metric_results, reaction_figures

SPARE_ROWS = 2  # blank lines on a sign-in sheet beyond the head count
OBSERVATION_MONTHS = (1, 2, 3)

DOCUMENTS = {  # file name -> (template, what it is)
    "plan.pdf": ("cohort_plan.html", "培训方案策划书"),
    "sign-in.pdf": ("cohort_sign_in.html", "签到表"),
    "questionnaires.pdf": ("cohort_questionnaires.html", "反应问卷"),
    "observation.pdf": ("cohort_observation.html", "行为观察表"),
    "evaluation-report.pdf": ("cohort_report.html", "评估报告"),
}


def cohort_courses(curriculum: Curriculum, cohort: Cohort) -> list[tuple[Course, bool]]:
    """The courses of the cohort's paths in path order, each once, with whether it is optional."""
    seen: dict[str, tuple[Course, bool]] = {}
    for ref in cohort.paths:
        path = curriculum.path_by_id.get(ref.id)
        for step in path.steps if path else []:
            if step.course and step.course.id in curriculum.course_by_id and step.course.id not in seen:
                seen[step.course.id] = (curriculum.course_by_id[step.course.id], step.optional)
    return list(seen.values())


def observed_behaviours(curriculum: Curriculum, cohort: Cohort) -> list[tuple[Course, str]]:
    """What a supervisor watches for 1–3 months later: the skill and attitude objectives of the courses."""
    wanted = {"skill", "attitude"}
    return [(course, objective.text) for course, _ in cohort_courses(curriculum, cohort)
            for objective in course.objectives if objective.dimension.id in wanted]


def add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    days = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return dt.date(year, month, min(date.day, days[month - 1]))


@dataclass
class PackDocument:
    path: Path
    pages: int


def write_cohort_pack(env: jinja2.Environment, curriculum: Curriculum, cohort: Cohort, out: Path, site_name: str,
                      build_date: dt.date) -> list[PackDocument]:
    written = []
    for name, html in cohort_documents(env, curriculum, cohort, site_name, build_date).items():
        target = out / name
        try:
            pages = write_pdf(html, target, STYLESHEET)
        except PaperError as error:
            raise PaperError(f"{cohort.file}: {error}", error.missing_characters) from None
        written.append(PackDocument(target, pages))
    return written


def cohort_documents(env: jinja2.Environment, curriculum: Curriculum, cohort: Cohort, site_name: str,
                     build_date: dt.date) -> dict[str, str]:
    """The HTML of each document of a cohort's pack, by file name, before printing."""
    evaluation = curriculum.evaluation_by_cohort.get(cohort.id)
    results = metric_results(cohort, evaluation) if evaluation else []
    courses = cohort_courses(curriculum, cohort)
    context = {
        "site_name": site_name, "build_date": build_date.isoformat(), "curriculum": curriculum, "cohort": cohort,
        "courses": courses, "required_minutes": sum(c.duration for c, optional in courses if not optional),
        "optional_minutes": sum(c.duration for c, optional in courses if optional),
        "session_title": lambda session: session_title(curriculum, session), "weekday": weekday,
        "surveys": [curriculum.survey_by_id[r.id] for r in cohort.assessments.reaction if r.id in curriculum.survey_by_id],
        "learning": learning_assessments(curriculum, cohort),
        "behaviours": observed_behaviours(curriculum, cohort), "kirkpatrick": dict(KIRKPATRICK),
        "observation_dates": [add_months(cohort.end, months) for months in OBSERVATION_MONTHS] if cohort.end else [],
        "copies": range(cohort.participants or 1), "rows": range((cohort.participants or 10) + SPARE_ROWS),
        "results": results, "value": format_value, "reaction": reaction_figures(curriculum, cohort),
        "learning_figures": learning_figures(curriculum, cohort),
        # WeasyPrint scales an SVG image to its box (an inline SVG it would clip).
        "charts": ["data:image/svg+xml;base64," + base64.b64encode(kpi_chart(r).encode()).decode() for r in results],
    }
    return {name: env.get_template(f"training/paper/{template}").render(**context)
            for name, (template, _) in DOCUMENTS.items()}
