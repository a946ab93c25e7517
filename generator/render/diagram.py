"""Mermaid source for a learning path's prerequisite diagram."""

from __future__ import annotations

from generator.model.entities import Curriculum, LearningPath


def _label(text: str) -> str:
    # Mermaid reads labels between double quotes; entity codes keep quotes and brackets literal.
    replacements = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;"}
    return "".join(replacements.get(char, char) for char in text)


def prerequisite_diagram(curriculum: Curriculum, path: LearningPath) -> str:
    """Courses of the path in order; an arrow from each prerequisite to the course needing it.

    Prerequisites from outside the path are drawn dashed, so a learner sees what to take first.
    """
    in_path = [step.course.id for step in path.steps if step.course]
    node_ids: dict[str, str] = {}
    lines = ["flowchart LR"]

    def node(course_id: str, outside: bool) -> str:
        if course_id not in node_ids:
            node_ids[course_id] = f"c{len(node_ids)}"
            title = curriculum.course_by_id[course_id].title
            shape = f'(["{_label(title)}"])' if outside else f'["{_label(title)}"]'
            lines.append(f"  {node_ids[course_id]}{shape}")
            if outside:
                lines.append(f"  class {node_ids[course_id]} outside")
        return node_ids[course_id]

    for course_id in in_path:
        node(course_id, outside=False)
    for course_id in in_path:
        for ref in curriculum.course_by_id[course_id].prerequisites:
            if ref.id in curriculum.course_by_id:
                source = node(ref.id, outside=ref.id not in in_path)
                arrow = "-->" if ref.id in in_path else "-.->"
                lines.append(f"  {source} {arrow} {node_ids[course_id]}")
    lines.append("  classDef outside stroke-dasharray: 4 4")
    return "\n".join(lines)
