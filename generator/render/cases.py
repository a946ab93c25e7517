"""Call cases on the site: the case page's header (kind, tier, audio), the numbered transcript with the
“你来打分” form and the expert's scores, the data the scoring script compares with, the case library and
the list of cases at the end of a course.

Every text a trainer wrote is rendered from Markdown here, with raw HTML escaped; the scoring script
inserts these fragments as they are and builds nothing else from trainers' text.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from generator.model.cases import AUDIO_MIME, AUDIO_TYPES
from generator.model.entities import SPEAKERS, Case, Criterion, Curriculum, ExpertScore
from generator.render.markup import render_inline
from generator.render.quiz import script_json
from generator.render.urls import Links


def tolerance_points(criterion: Criterion, percent: int) -> float:
    """How far from the expert a score may be and still agree: `percent` of the criterion's points."""
    return criterion.points * percent / 100


def points_text(value: float | None) -> str:
    """18, 17.5: whole points without a decimal."""
    if value is None:
        return "—"
    return str(int(value)) if value == int(value) else f"{value:g}"


@dataclass(frozen=True)
class ScoredCriterion:
    criterion: Criterion
    expert: ExpertScore
    note_html: Markup  # the expert's note, rendered from Markdown


def scored_criteria(curriculum: Curriculum, case: Case) -> list[ScoredCriterion]:
    """The rubric's criteria in its order, each with the expert's score (a checked case has every one)."""
    rubric = curriculum.rubric_by_id[case.rubric.id]
    return [ScoredCriterion(c, case.expert[c.id], render_inline(case.expert[c.id].note))
            for c in rubric.criteria if c.id in case.expert]


def case_data(curriculum: Curriculum, case: Case) -> dict:
    """What the scoring script needs: each criterion's points, tolerance and the expert's score, note and lines."""
    return {
        "id": case.id,
        "title": case.title,
        "version": case.version,
        "tolerance": case.tolerance,
        "criteria": [{"id": item.criterion.id, "name": item.criterion.name, "points": item.criterion.points,
                      "tolerance": tolerance_points(item.criterion, case.tolerance),
                      "expert": item.expert.points, "lines": item.expert.lines, "note": str(item.note_html)}
                     for item in scored_criteria(curriculum, case)],
    }


def audio_type(case: Case) -> str:
    suffix = "." + case.audio.rsplit(".", 1)[-1].lower() if case.audio else ""
    return AUDIO_MIME.get(AUDIO_TYPES.get(suffix, ""), "")


def audio_path(case: Case) -> str:
    """Where the recording is published: beside the case's page source, under the same name."""
    folder = case.src_path.rpartition("/")[0]
    return f"{folder}/{case.audio}" if folder else case.audio


def render_case_intro(env: jinja2.Environment, curriculum: Curriculum, case: Case, links: Links) -> str:
    """Above the trainer's text: what kind of case, where it belongs, the recording."""
    courses = [curriculum.course_by_id[ref.id] for ref in case.courses if ref.id in curriculum.course_by_id]
    return env.get_template("training/case_intro.html").render(
        curriculum=curriculum, case=case, rubric=curriculum.rubric_by_id[case.rubric.id], links=links, courses=courses,
        audio_url=quote(links.asset(audio_path(case))) if case.audio else "", audio_type=audio_type(case))


def render_case(env: jinja2.Environment, curriculum: Curriculum, case: Case) -> str:
    """Below it: the transcript, “你来打分” and the expert's scores (readable without JavaScript)."""
    rubric = curriculum.rubric_by_id[case.rubric.id]
    return env.get_template("training/case.html").render(
        case=case, rubric=rubric, speakers=SPEAKERS, criteria=scored_criteria(curriculum, case),
        tolerance_points=tolerance_points, points_text=points_text, data=script_json(case_data(curriculum, case)),
        expert_total=sum(score.points or 0 for score in case.expert.values()))


def cases_by_tier(curriculum: Curriculum) -> list[tuple[str, list[Case]]]:
    """The library's order: tiers lowest first; within a tier benchmarks first, then by title."""
    groups = []
    for tier in curriculum.model.tiers:
        members = sorted((c for c in curriculum.cases if c.tier.id == tier.id), key=lambda c: (c.kind != "benchmark", c.title))
        if members:
            groups.append((tier.name, members))
    return groups


def render_case_library(env: jinja2.Environment, curriculum: Curriculum, links: Links) -> str:
    return env.get_template("training/case_library.html").render(
        curriculum=curriculum, groups=cases_by_tier(curriculum), links=links)


def render_course_cases(env: jinja2.Environment, curriculum: Curriculum, course_id: str, links: Links) -> str:
    """At the end of a course: the calls that show what it teaches, done well or to be corrected."""
    cases = curriculum.cases_of_course(course_id)
    if not cases:
        return ""
    return env.get_template("training/course_cases.html").render(cases=cases, links=links, curriculum=curriculum)
