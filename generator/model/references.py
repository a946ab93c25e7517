"""References by id and ids that must be unique: the helpers every cross-file check uses."""

from __future__ import annotations

from collections.abc import Iterable

from generator.errors import ProblemLog
from generator.messages import KINDS, did_you_mean, kind_args, one_of, text
from generator.model.entities import Ref

_LIST_LIMIT = 12


# Where the ids of each kind of reference are defined.
_SOURCE_KIND = {"tier": "model", "dimension": "model", "competency": "model", "audience": "model", "format": "model",
                "course": "course", "tag": "course", "learning path": "path", "quiz bank": "quiz bank",
                "rubric": "rubric", "scenario": "scenario", "survey": "survey", "cohort": "cohort"}


# Where a trainer finds the valid ids when there are too many to list and none is close to what was written.
_WHERE_DEFINED = {
    "tier": "curriculum/model.yml 的 tiers", "dimension": "curriculum/model.yml 的 dimensions",
    "competency": "curriculum/model.yml 的 competencies", "audience": "curriculum/model.yml 的 audiences",
    "format": "curriculum/model.yml 的 formats", "course": "curriculum/courses/ 下各课程文件的 id 字段，也可以查门户的课程目录",
    "tag": "各课程的 tags 字段，也可以查门户的课程目录", "learning path": "curriculum/paths/ 下各路径文件的 id 字段",
    "quiz bank": "assessments/quizzes/ 下各题库文件的 id 字段", "rubric": "assessments/rubrics/ 下各评分表文件的 id 字段",
    "scenario": "assessments/scenarios/ 下各情景文件的 id 字段", "survey": "assessments/surveys/ 下各问卷文件的 id 字段",
    "cohort": "curriculum/cohorts/ 下各培训班文件的文件名",
}


def unknown_reference(log: ProblemLog, file: str, field: str, ref: Ref, kind: str, known: Iterable[str]) -> None:
    """An unknown id; when a file that may define it could not be read, the problem says so (it is likely
    to go away once that file is fixed)."""
    broken = log.unread.get(_SOURCE_KIND.get(kind, ""), [])
    if broken:
        log.add(file, ref.line, field, "R407", value=ref.id, files="、".join(broken[:3]), caused_by=broken[0],
                **kind_args(kind))
        return
    known = list(known)
    suggestion = did_you_mean(ref.id, known)
    if len(known) <= _LIST_LIMIT:
        expected = text("R401.expected", known=one_of(known))
    elif not suggestion and kind in _WHERE_DEFINED:
        expected = text("R401.where", kind=KINDS[kind][0], where=_WHERE_DEFINED[kind])
    else:
        expected = ""
    log.add(file, ref.line, field, "R401", value=ref.id, expected=expected, suggestion=suggestion,
            **kind_args(kind))


def check_ref(log, file, field, ref, kind, known) -> None:
    if ref is not None and ref.id and ref.id not in known:
        unknown_reference(log, file, field, ref, kind, known)


def check_refs(log, file, field, refs, kind, known) -> None:
    for index, ref in enumerate(refs):
        check_ref(log, file, f"{field}[{index}]", ref, kind, known)


def duplicate_ids(log: ProblemLog, kind: str, entries: Iterable[tuple[str, str, int]], within: str = "") -> None:
    """entries: (id, file, line). Each later duplicate names where the first one is."""
    first: dict[str, tuple[str, int]] = {}
    for entry_id, file, line in entries:
        if not entry_id:
            continue
        if entry_id in first:
            other_file, other_line = first[entry_id]
            log.add(file, line, "id", "R402", value=entry_id, other=f"{other_file}:{other_line}",
                    **kind_args(kind, article=False, within=within))
        else:
            first[entry_id] = (file, line)
