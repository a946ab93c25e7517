"""Classroom assessment scores sent to the LRS after the fact (a rubric scored by a trainer), so practical
results sit next to the online ones: from the command line or a CSV, checked against the rubric first.

A score's statement id is keyed with a secret only the training department holds (HMAC-SHA256 of the rubric,
learner and day): sending a sheet again gives the same ids (the LRS keeps one), and a learner, who cannot
compute them, cannot post a statement with that id first. The ids are UUIDs of version 8, which the gate never
accepts from a learner (deploy/nginx/training-records-gate.js takes only random version-4 ids from them)."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from generator.messages import text
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
        problems.append(text("X1734", where=where, value=learner))
    try:
        parsed_day = dt.date.fromisoformat(day.strip())
    except ValueError:
        problems.append(text("X1735", where=where, value=day))
        parsed_day = dt.date.min
    known = {criterion.id: criterion for criterion in rubric.criteria}
    for name in scores:
        if name not in known:
            problems.append(text("X1736", where=where, name=name, rubric=rubric.id, known="、".join(known)))
    points: dict[str, int] = {}
    for criterion in rubric.criteria:
        value = scores.get(criterion.id, "").strip()
        if not value:
            problems.append(text("X1737", where=where, criterion=criterion.id, name=criterion.name, points=criterion.points))
        elif not _POINTS.fullmatch(value) or int(value) > criterion.points:
            problems.append(text("X1738", where=where, criterion=criterion.id, name=criterion.name,
                                 points=criterion.points, value=value))
        else:
            points[criterion.id] = int(value)
    if problems:
        return None, problems
    return ClassroomScore(learner, parsed_day, points, assessor), []


def read_scores_csv(file: Path, rubric: Rubric) -> tuple[list[ClassroomScore], list[str]]:
    """Rows of learner, date, one column per criterion id and optionally assessor; problems as file:line."""
    try:
        content = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return [], [text("X1739", file=file, reason=getattr(error, "strerror", None) or text("X1740"))]
    reader = csv.reader(content.splitlines())
    rows = []
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as error:
        # The csv module refuses a field over its limit (131,072 characters): said with the line, in Chinese.
        if "field larger than field limit" in str(error):
            return [], [text("X1744", file=file, line=reader.line_num, limit=csv.field_size_limit())]
        return [], [text("X1741", file=file, reason=error)]
    if not rows:
        return [], [text("X1742", file=file, criteria=",".join(c.id for c in rubric.criteria))]
    header = [name.strip() for name in rows[0]]
    problems = [text("X1743", file=file, name=name) for name in (LEARNER_ID, DATE) if name not in header]
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


def score_id(key: bytes, site: str, rubric: Rubric, score: ClassroomScore) -> str:
    """The statement id of a learner's score on a rubric on a day: an RFC 9562 version-8 UUID from an HMAC of
    them under `key`; the same sheet sent again gets the same ids."""
    message = f"{site}activities/rubric/{rubric.id}#{score.learner}@{score.day.isoformat()}".encode()
    digest = bytearray(hmac.new(key, message, hashlib.sha256).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x80  # version 8
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC variant
    return str(uuid.UUID(bytes=bytes(digest)))


def score_statement(site: str, rubric: Rubric, score: ClassroomScore, key: bytes) -> dict:
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
        "id": score_id(key, site, rubric, score),
        "actor": {"objectType": "Agent", "account": {"homePage": site, "name": score.learner}},
        "verb": {"id": ADL_VERBS + verb, "display": {"zh-CN": "通过" if passed else "未通过"}},
        "object": {"objectType": "Activity", "id": f"{site}activities/rubric/{rubric.id}",
                   "definition": {"type": "http://adlnet.gov/expapi/activities/performance",
                                  "name": {"zh-CN": rubric.title}}},
        "result": {"score": {"raw": total, "min": 0, "max": rubric.points,
                             "scaled": round(total / rubric.points, 4) if rubric.points else 0},
                   "success": passed, "completion": True, "extensions": extensions},
        # The platform is the product (as "Moodle" would be), the same in the browser's statements (xapi.js).
        "context": {"platform": "客服培训门户", "language": "zh-CN"},
        "timestamp": f"{score.day.isoformat()}T12:00:00+08:00",
    }
