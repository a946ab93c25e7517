"""A handbook as one HTML document for WeasyPrint, assembled from course pages the site already rendered."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.model.entities import Curriculum, Handbook
from generator.model.handbooks import handbook_sections
from generator.paper.links import BookLinks, for_book
from generator.paper.pdf import write_pdf
from generator.paper.questions import paper_questions

STYLESHEET = Path(__file__).resolve().parent.parent / "templates" / "training" / "paper" / "paper.css"


@dataclass
class RenderedCourse:
    """A course body as the site rendered it, and the site-root-relative URL of its page."""

    html: str
    url: str


@dataclass
class HandbookResult:
    handbook: Handbook
    path: Path
    pages: int
    seconds: float


def handbook_file(handbook: Handbook) -> str:
    return f"handbooks/{handbook.id}.pdf"


def handbook_html(
    env: jinja2.Environment,
    curriculum: Curriculum,
    handbook: Handbook,
    rendered: dict[str, RenderedCourse],
    links: BookLinks,
    site_name: str,
    build_date: dt.date,
) -> str:
    sections = handbook_sections(curriculum, handbook)
    courses = [course for section in sections for course in section.courses]
    links.in_book = {course.id for course in courses}
    bodies = {
        course.id: Markup(for_book(rendered[course.id].html, course.id, rendered[course.id].url, links))
        for course in courses
    }
    # Written question order, so the printed self-check follows the course; choices mixed by a fixed seed.
    quizzes = {course.id: paper_questions(curriculum.quiz_by_id[course.quiz.id], seed=None) for course in courses if course.quiz}
    objectives = {
        course.id: {d.id: [o.text for o in course.objectives if o.dimension.id == d.id] for d in curriculum.model.dimensions}
        for course in courses
    }
    return env.get_template("training/paper/handbook.html").render(
        curriculum=curriculum,
        handbook=handbook,
        sections=sections,
        courses=courses,
        bodies=bodies,
        quizzes=quizzes,
        objectives_by_course=objectives,
        site_name=site_name,
        build_date=build_date.isoformat(),
    )


def build_handbooks(
    env: jinja2.Environment,
    curriculum: Curriculum,
    rendered: dict[str, RenderedCourse],
    site_dir: Path,
    site_name: str,
    site_url: str,
    build_date: dt.date,
) -> list[HandbookResult]:
    course_by_url = {course.url: course_id for course_id, course in rendered.items()}
    results = []
    for handbook in curriculum.handbooks:
        started = time.perf_counter()
        links = BookLinks(course_by_url=course_by_url, in_book=set(), site_dir=site_dir, site_url=site_url)
        html = handbook_html(env, curriculum, handbook, rendered, links, site_name, build_date)
        target = site_dir / handbook_file(handbook)
        pages = write_pdf(html, target, STYLESHEET, base_url=str(site_dir))
        results.append(HandbookResult(handbook, target, pages, time.perf_counter() - started))
    return results
