"""What the progress script needs to know about paths: steps, course versions, quizzes, addresses."""

from __future__ import annotations

from generator.model.entities import Curriculum, LearningPath
from generator.render.urls import Links


def path_data(curriculum: Curriculum, path: LearningPath, links: Links | None) -> dict:
    """`links` None: without addresses, as the learning-records script (one file for every page) has it."""
    def url(kind: str, content_id: str) -> dict:
        return {"url": getattr(links, kind)(content_id)} if links else {}

    steps: list[dict] = []
    for step in path.steps:
        if step.course:
            course = curriculum.course_by_id[step.course.id]
            steps.append({
                "course": course.id,
                "title": course.title,
                **url("course", course.id),
                "version": course.version,
                "quiz": course.quiz.id if course.quiz else None,
                "optional": step.optional,
            })
        elif step.scenario:
            scenario = curriculum.scenario_by_id[step.scenario.id]
            steps.append({
                "scenario": scenario.id,
                "title": step.milestone or scenario.title,
                **url("scenario", scenario.id),
                "optional": step.optional,
            })
        else:
            steps.append({
                "milestone": step.milestone,
                "title": step.milestone,
                **({"url": links.quiz(step.quiz.id) if step.quiz else None} if links else {}),
                "quiz": step.quiz.id if step.quiz else None,
                "optional": step.optional,
            })
    return {"id": path.id, "title": path.title, **url("path", path.id), "steps": steps}


def milestone_quizzes(curriculum: Curriculum) -> list[str]:
    """Bank ids that path milestones check with, each once, in path order."""
    seen: dict[str, None] = {}
    for path in curriculum.paths:
        for step in path.steps:
            if step.milestone is not None and step.quiz and step.quiz.id in curriculum.quiz_by_id:
                seen.setdefault(step.quiz.id)
    return list(seen)
