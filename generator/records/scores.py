"""Classroom assessment scores sent to the LRS after the fact (a rubric scored by a trainer), so practical
results sit next to the online ones: from the command line or a CSV, checked against the rubric first."""

from __future__ import annotations

import csv
import datetime as dt
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from generator.model.entities import Rubric
from generator.records.statements import ADL_VERBS

LEARNER_ID = "learner"
DATE = "date"
ASSESSOR = "assessor"


@dataclass(frozen=True)
class ClassroomScore:
    learner: str
    day: dt.date
    scores: dict[str, int]
    assessor: str = ""


# As the browser accepts a login's account (records.js ACCOUNT): visible text, no spaces, at most 64 characters.
_ACCOUNT = re.compile(r"[^\s\x00-\x1f\x7f]{1,64}")
_POINTS = re.compile(r"[0-9]{1,4}")


def _valid_learner(value: str) -> bool:
    return bool(_ACCOUNT.fullmatch(value))


def check_score(rubric: Rubric, learner: str, day: str, scores: dict[str, str], where: str,
                assessor: str = "") -> tuple[ClassroomScore | None, list[str]]:
    """The score, or the problems with it (each naming `where` and the field)."""
    problems = []
    if not _valid_learner(learner):
        problems.append(f"{where}: learner: 应为学员的账号或工号（不含空格，最多 64 个字符），实际是“{learner}”")
    try:
        parsed_day = dt.date.fromisoformat(day.strip())
    except ValueError:
        problems.append(f"{where}: date: 应为 YYYY-MM-DD 格式的日期，实际是“{day}”")
        parsed_day = dt.date.min
    known = {criterion.id: criterion for criterion in rubric.criteria}
    for name in scores:
        if name not in known:
            problems.append(f"{where}: {name}: 评分表“{rubric.id}”没有这个评分项（可用：{'、'.join(known)}）")
    points: dict[str, int] = {}
    for criterion in rubric.criteria:
        value = scores.get(criterion.id, "").strip()
        if not value:
            problems.append(f"{where}: {criterion.id}: 缺少“{criterion.name}”的得分（0–{criterion.points} 分）")
        elif not _POINTS.fullmatch(value) or int(value) > criterion.points:
            problems.append(f"{where}: {criterion.id}: “{criterion.name}”的得分应为 0–{criterion.points} 的整数，实际是“{value}”")
        else:
            points[criterion.id] = int(value)
    if problems:
        return None, problems
    return ClassroomScore(learner, parsed_day, points, assessor), []


def read_scores_csv(file: Path, rubric: Rubric) -> tuple[list[ClassroomScore], list[str]]:
    """Rows of learner, date, one column per criterion id and optionally assessor; problems as file:line."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [], [f"{file}: 无法读取（{getattr(error, 'strerror', None) or '应为 UTF-8 编码'}）"]
    try:
        rows = list(csv.reader(text.splitlines()))
    except csv.Error as error:
        return [], [f"{file}: 不是可读的 CSV（{error}）"]
    if not rows:
        return [], [f"{file}:1: 文件是空的；第一行应为列名：learner,date,{','.join(c.id for c in rubric.criteria)}"]
    header = [name.strip() for name in rows[0]]
    problems = [f"{file}:1: {name}: 缺少这一列" for name in (LEARNER_ID, DATE) if name not in header]
    if problems:
        return [], problems
    found = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = dict(zip(header, row))
        scores = {name: value for name, value in values.items() if name not in (LEARNER_ID, DATE, ASSESSOR)}
        score, row_problems = check_score(rubric, values.get(LEARNER_ID, "").strip(), values.get(DATE, ""), scores,
                                          f"{file}:{number}", values.get(ASSESSOR, "").strip())
        problems += row_problems
        if score:
            found.append(score)
    return found, problems


def score_statement(site: str, rubric: Rubric, score: ClassroomScore) -> dict:
    """One statement per assessed learner, shaped like a scenario's result (verb passed/failed, the rubric's
    criteria in the result's extensions), dated at noon China time of the assessment day."""
    total = sum(score.scores.values())
    passed = total >= rubric.pass_points
    extensions = {f"{site}records/criteria": score.scores, f"{site}records/classroom": True}
    if score.assessor:
        extensions[f"{site}records/assessor"] = score.assessor
    verb = "passed" if passed else "failed"
    return {
        # The same learner, rubric and day give the same id: sending a sheet twice does not count it twice.
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{site}activities/rubric/{rubric.id}#{score.learner}@{score.day}")),
        "actor": {"objectType": "Agent", "account": {"homePage": site, "name": score.learner}},
        "verb": {"id": ADL_VERBS + verb, "display": {"zh-CN": "通过" if passed else "未通过"}},
        "object": {"objectType": "Activity", "id": f"{site}activities/rubric/{rubric.id}",
                   "definition": {"type": "http://adlnet.gov/expapi/activities/performance",
                                  "name": {"zh-CN": rubric.title}}},
        "result": {"score": {"raw": total, "min": 0, "max": rubric.points,
                             "scaled": round(total / rubric.points, 4) if rubric.points else 0},
                   "success": passed, "completion": True, "extensions": extensions},
        "context": {"platform": "客服培训门户", "language": "zh-CN"},
        "timestamp": f"{score.day.isoformat()}T12:00:00+08:00",
    }
