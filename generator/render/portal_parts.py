"""Render the generated parts of the portal: course cards, path pages, catalog, matrix, glossary, home."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import jinja2

from generator.governance.git_history import FileChange
from generator.model.entities import Course, Curriculum, Handbook, LearningPath, Rubric
from generator.render.cohort import current_cohorts
from generator.render.diagram import prerequisite_diagram
from generator.render.progress import path_data
from generator.render.quiz import script_json
from generator.render.urls import Links
from generator.search.pinyin import initial, sort_key
from generator.search.terms import courses_by_term, glossary_anchors, terms_in_text


@dataclass(frozen=True)
class PathTotals:
    required_minutes: int
    optional_minutes: int
    courses: int
    milestones: int


def path_totals(curriculum: Curriculum, path: LearningPath) -> PathTotals:
    required = optional = courses = milestones = 0
    for step in path.steps:
        if step.milestone is not None or step.scenario:
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
        anchors=glossary_anchors(curriculum.glossary),
        paths=curriculum.paths_of_course(course.id),
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
) -> tuple[str, str]:
    """The path's steps (above its text) and its details (below: audience, prerequisite diagram)."""
    context = dict(**_common(curriculum, links, today), path=path, totals=path_totals(curriculum, path))
    steps = env.get_template("training/path.html").render(
        **context, progress_data=script_json([path_data(curriculum, path, links)]))
    details = env.get_template("training/path_details.html").render(
        **context, diagram=prerequisite_diagram(curriculum, path))
    return steps, details


def render_catalog(env: jinja2.Environment, curriculum: Curriculum, links: Links, today: dt.date) -> str:
    return env.get_template("training/catalog.html").render(**_common(curriculum, links, today),
                                                             tags=sorted(curriculum.all_tags(), key=sort_key))


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
    groups: dict[str, list] = {}
    for term in sorted(curriculum.glossary, key=lambda t: sort_key(t.term)):
        groups.setdefault(initial(term.term), []).append(term)
    return env.get_template("training/glossary.html").render(
        **_common(curriculum, links, today),
        courses_by_term=courses_by_term(curriculum),
        groups=sorted(groups.items(), key=lambda item: (item[0] == "#", item[0])),
        anchors=glossary_anchors(curriculum.glossary),
    )


@dataclass(frozen=True)
class CourseChange:
    course: Course
    latest: dt.date
    commit: FileChange | None  # the last commit to the course's file


def course_changes(curriculum: Curriculum, file_changes: dict[str, FileChange]) -> list[CourseChange]:
    """Courses by their latest change: a new review date or a commit to the file, newest first."""
    changes = []
    for course in curriculum.courses:
        commit = file_changes.get(course.file)
        latest = max(course.reviewed, commit.date) if commit else course.reviewed
        changes.append(CourseChange(course, latest, commit))
    return sorted(changes, key=lambda change: (change.latest, change.course.version, change.course.title), reverse=True)


def render_updates(
    env: jinja2.Environment, curriculum: Curriculum, links: Links, today: dt.date, file_changes: dict[str, FileChange]
) -> str:
    return env.get_template("training/updates.html").render(
        **_common(curriculum, links, today), changes=course_changes(curriculum, file_changes),
        with_git=bool(file_changes),
    )


def render_home(
    env: jinja2.Environment, curriculum: Curriculum, links: Links, today: dt.date, recent: int = 6,
    handbooks: Sequence[Handbook] = (), records: bool = False,
) -> str:
    recently_reviewed = sorted(curriculum.courses, key=lambda c: (c.reviewed, c.title), reverse=True)[:recent]
    return env.get_template("training/home.html").render(
        **_common(curriculum, links, today),
        recently_reviewed=recently_reviewed,
        path_totals={p.id: path_totals(curriculum, p) for p in curriculum.paths},
        progress_data=script_json([path_data(curriculum, p, links) for p in curriculum.paths]),
        handbooks=handbooks,
        cohorts=current_cohorts(curriculum, today),
        records=records,
    )
