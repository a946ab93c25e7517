"""What a handbook contains: its include list resolved to sections of courses, each course once."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.entities import Course, Curriculum, Handbook, HandbookInclude


@dataclass
class HandbookSection:
    include: HandbookInclude
    title: str
    courses: list[Course] = field(default_factory=list)
    # Courses this section would hold that an earlier section already printed.
    printed_earlier: list[Course] = field(default_factory=list)


def handbook_sections(curriculum: Curriculum, handbook: Handbook) -> list[HandbookSection]:
    """Sections in `include` order: a path's courses in path order, a tag's by tier then title."""
    tier_rank = {tier.id: tier.rank for tier in curriculum.model.tiers}
    printed: set[str] = set()
    sections = []
    for item in handbook.include:
        if item.kind == "path":
            path = curriculum.path_by_id[item.value]
            title = path.title
            courses = [curriculum.course_by_id[s.course.id] for s in path.steps if s.course]
        elif item.kind == "tag":
            title = f"专题：{item.value}"
            courses = sorted(
                (c for c in curriculum.courses if item.value in c.tags),
                key=lambda c: (tier_rank.get(c.tier.id, len(tier_rank)), c.title),
            )
        else:
            course = curriculum.course_by_id[item.value]
            title = course.title
            courses = [course]
        section = HandbookSection(item, title)
        for course in courses:
            if course.id in printed:
                section.printed_earlier.append(course)
            else:
                printed.add(course.id)
                section.courses.append(course)
        sections.append(section)
    return sections


def handbook_courses(curriculum: Curriculum, handbook: Handbook) -> list[Course]:
    return [course for section in handbook_sections(curriculum, handbook) for course in section.courses]
