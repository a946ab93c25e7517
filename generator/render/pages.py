"""Render the generated parts of the portal: course cards, path pages, catalog, matrix, glossary, home."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from generator.model.entities import Course, Curriculum, Handbook, LearningPath, Rubric
from generator.render.diagram import prerequisite_diagram
from generator.render.links import Links
from generator.render.progress import path_data
from generator.render.quiz import script_json
from generator.search.terms import glossary_anchor, terms_in_text


@dataclass(frozen=True)
class PathTotals:
    required_minutes: int
    optional_minutes: int
    courses: int
    milestones: int


def path_totals(curriculum: Curriculum, path: LearningPath) -> PathTotals:
    required = optional = courses = milestones = 0
    for step in path.steps:
        if step.milestone is not None:
            milestones += 1
        elif step.course and step.course.id in curriculum.course_by_id:
            courses += 1
            minutes = curriculum.course_by_id[step.course.id].duration
            if step.optional:
                optional += minutes
            else:
                required += minutes
    return PathTotals(required, optional, courses, milestones)


def _common(curriculum: Curriculum, links: Links, today: dt.date) -> dict:
    return {"curriculum": curriculum, "links": links, "today": today}


def render_course_card(
    env: jinja2.Environment, curriculum: Curriculum, course: Course, links: Links, today: dt.date,
    handbooks: Sequence[Handbook] = (),
) -> str:
    objectives_by_dimension = {
        dimension.id: [o.text for o in course.objectives if o.dimension.id == dimension.id]
        for dimension in curriculum.model.dimensions
    }
    related_terms = terms_in_text(curriculum.glossary, f"{course.title}\n{course.summary}\n{course.body}")
    return env.get_template("training/course_card.html").render(
        **_common(curriculum, links, today),
        course=course,
        objectives_by_dimension=objectives_by_dimension,
        related_terms=related_terms,
        glossary_anchor=glossary_anchor,
        paths=[p for p in curriculum.paths if any(s.course and s.course.id == course.id for s in p.steps)],
        handbooks=handbooks,
    )


def render_milestone(env: jinja2.Environment, curriculum: Curriculum, bank_id: str, links: Links) -> str:
    """Where a milestone quiz sits: each path and step that checks with this bank."""
    milestones = [(path, step, number) for path in curriculum.paths
                  for number, step in enumerate(path.steps, start=1)
                  if step.milestone is not None and step.quiz and step.quiz.id == bank_id]
    return env.get_template("training/milestone.html").render(milestones=milestones, links=links)


def render_course_complete(env: jinja2.Environment, course: Course) -> str:
    """The box after the lesson where a learner marks the course as done."""
    return env.get_template("training/course_complete.html").render(course=course)


def render_rubric(env: jinja2.Environment, curriculum: Curriculum, rubric: Rubric) -> str:
    return env.get_template("training/rubric.html").render(rubric=rubric)


def render_path(
    env: jinja2.Environment, curriculum: Curriculum, path: LearningPath, links: Links, today: dt.date
) -> str:
    return env.get_template("training/path.html").render(
        **_common(curriculum, links, today),
        path=path,
        totals=path_totals(curriculum, path),
        diagram=prerequisite_diagram(curriculum, path),
        progress_data=script_json([path_data(curriculum, path, links)]),
    )


def render_catalog(env: jinja2.Environment, curriculum: Curriculum, links: Links, today: dt.date) -> str:
    return env.get_template("training/catalog.html").render(**_common(curriculum, links, today))


def render_matrix(env: jinja2.Environment, curriculum: Curriculum, links: Links, today: dt.date) -> str:
    cells = {
        (competency.id, tier.id): [
            course
            for course in curriculum.courses_of_tier(tier.id)
            if any(ref.id == competency.id for ref in course.competencies)
        ]
        for competency in curriculum.model.competencies
        for tier in curriculum.model.tiers
    }
    return env.get_template("training/matrix.html").render(**_common(curriculum, links, today), cells=cells)


def render_glossary(env: jinja2.Environment, curriculum: Curriculum, links: Links, today: dt.date) -> str:
    courses_by_term: dict[str, list[Course]] = {term.term: [] for term in curriculum.glossary}
    for course in curriculum.courses:
        for term in terms_in_text(curriculum.glossary, f"{course.title}\n{course.body}"):
            courses_by_term[term.term].append(course)
    return env.get_template("training/glossary.html").render(
        **_common(curriculum, links, today),
        courses_by_term=courses_by_term,
        glossary_anchor=glossary_anchor,
    )


@dataclass(frozen=True)
class CourseChange:
    course: Course
    latest: dt.date
    file_changed: dt.date | None


def course_changes(curriculum: Curriculum, file_dates: dict[str, dt.date]) -> list[CourseChange]:
    """Courses by their latest change: a new review date or a commit to the file, newest first."""
    changes = [
        CourseChange(course, max(filter(None, (course.reviewed, file_dates.get(course.file)))), file_dates.get(course.file))
        for course in curriculum.courses
    ]
    return sorted(changes, key=lambda change: (change.latest, change.course.version, change.course.title), reverse=True)


def render_updates(
    env: jinja2.Environment, curriculum: Curriculum, links: Links, today: dt.date, file_dates: dict[str, dt.date]
) -> str:
    return env.get_template("training/updates.html").render(
        **_common(curriculum, links, today), changes=course_changes(curriculum, file_dates),
        with_git=bool(file_dates),
    )


def render_home(
    env: jinja2.Environment, curriculum: Curriculum, links: Links, today: dt.date, recent: int = 6,
    handbooks: Sequence[Handbook] = (),
) -> str:
    recently_reviewed = sorted(curriculum.courses, key=lambda c: (c.reviewed, c.title), reverse=True)[:recent]
    return env.get_template("training/home.html").render(
        **_common(curriculum, links, today),
        recently_reviewed=recently_reviewed,
        path_totals={p.id: path_totals(curriculum, p) for p in curriculum.paths},
        progress_data=script_json([path_data(curriculum, p, links) for p in curriculum.paths]),
        handbooks=handbooks,
    )
