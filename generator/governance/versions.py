"""Pull-request check: a course whose text changed should say so with a higher `version`,
because learner progress is kept per course version."""

from __future__ import annotations

import re

from generator.errors import Problem, ProblemLog, problem
from generator.governance.git_history import changed_files, file_at, merge_base
from generator.messages import text
from generator.model.entities import Curriculum
from generator.model.layout import ContentLayout
from generator.model.source import parse_yaml, split_front_matter


class BaseRefError(Exception):
    pass


def _normalised(body: str) -> str:
    lines = [line.rstrip() for line in body.strip().splitlines()]
    return "\n".join(line for line in lines if line)


def _version(front_matter: str) -> int:
    data = parse_yaml(front_matter, "", ProblemLog())  # the same bounded loader as the content's own
    value = data.get("version", 1) if isinstance(data, dict) else 1
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def unbumped_versions(layout: ContentLayout, curriculum: Curriculum, base: str) -> list[Problem]:
    since = merge_base(layout.root, base)
    if since is None:
        raise BaseRefError(text("G702", base=base, branch=base.split("/")[-1]))
    course_by_file = {course.file: course for course in curriculum.courses}
    problems = []
    for path in changed_files(layout.root, since, layout.docs_dir):
        course = course_by_file.get(path)
        before = file_at(layout.root, since, path) if course else None
        old = split_front_matter(before) if before is not None else None
        if course is None or old is None:
            continue  # new files, deleted files and pages that are not courses need no bump
        if _normalised(old.body) == _normalised(course.body) or course.version > _version(old.front_matter):
            continue
        source = (layout.root / path).read_text(encoding="utf-8")
        match = re.search(r"^version\s*:", source, re.M)
        line = source[: match.start()].count("\n") + 1 if match else course.line
        problems.append(problem(path, line, "version", "G701", base=base, version=course.version,
                                next=course.version + 1))
    return problems
