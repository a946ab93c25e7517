"""xAPI statements as the portal's browser code writes them (generator/browser/xapi.js), read back: which
learner, what happened to which course, bank, question, path step or scenario, with what result.

Statements are untrusted (a learner can post any number the gate lets through): every number a report adds
up is bounded here, and a statement outside the bounds is left out and counted with its reason, so reports
say how many they left out and why."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ACTIVITY_MARK = "/activities/"
EXTENSION_MARK = "/records/"
# Scores and rubric points a report adds up: as content's own numbers (at most 1,000,000), so that sums and
# means over any number of statements stay exact and finite.
MAX_POINTS = 1_000_000

# Why a statement was left out (message codes, generator/messages/records.py).
NOT_OURS = "X1701"
NO_TIME = "X1702"
SCORE_OUT_OF_RANGE = "X1703"
CRITERIA_OUT_OF_RANGE = "X1704"


@dataclass(frozen=True)
class Record:
    """One statement, reduced to what reports use. `ids` are the content ids in the activity id, e.g.
    ("bank-id", "question-id") for a question, ("path-id", "3") for a path's third step."""
    id: str
    learner: str
    self_declared: bool
    verb: str
    kind: str
    ids: tuple[str, ...]
    timestamp: dt.datetime
    registration: str | None = None
    success: bool | None = None
    raw: float | None = None
    max: float | None = None
    scaled: float | None = None
    response: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)
    parents: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def about(self, kind: str, *ids: str) -> bool:
        return self.kind == kind and self.ids[:len(ids)] == ids

    @property
    def day(self) -> dt.date:
        return self.timestamp.date()


def _extensions(values: Any) -> dict[str, Any]:
    if not isinstance(values, dict):
        return {}
    return {key.rsplit(EXTENSION_MARK, 1)[1]: value for key, value in values.items()
            if isinstance(key, str) and EXTENSION_MARK in key}


def parse_timestamp(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)
        stamp.astimezone(dt.timezone(dt.timedelta(hours=14))).astimezone(dt.timezone(dt.timedelta(hours=-14)))
    except (ValueError, OverflowError):
        return None  # unreadable, or at the very ends of the calendar where no time zone can hold it
    return stamp


def learner_of(statement: dict) -> str | None:
    actor = statement.get("actor")
    account = actor.get("account") if isinstance(actor, dict) else None
    name = account.get("name") if isinstance(account, dict) else None
    return name if isinstance(name, str) and name else None


def split_activity(target: Any) -> tuple[str, tuple[str, ...]] | None:
    """("course", ("course-id",)) from an activity id the portal made; None for anything else."""
    if not isinstance(target, str) or ACTIVITY_MARK not in target:
        return None
    kind, _, rest = target.rsplit(ACTIVITY_MARK, 1)[1].partition("/")
    return kind, tuple(unquote(part) for part in rest.split("/")) if rest else ()


def _parents(context: dict) -> tuple[tuple[str, tuple[str, ...]], ...]:
    activities = context.get("contextActivities")
    parents = activities.get("parent") if isinstance(activities, dict) else None
    if isinstance(parents, dict):
        parents = [parents]
    found = [split_activity(parent.get("id")) for parent in parents or [] if isinstance(parent, dict)]
    return tuple(parent for parent in found if parent)


def _mapping(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


class _LeftOut(Exception):
    """A statement a report cannot use; `args[0]` is the reason's message code."""


def _number(value: Any, low: float, high: float) -> float | None:
    """A JSON number within [low, high]; None when absent or not a number; _LeftOut when out of bounds."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        converted = float(value)
    except OverflowError:  # an integer of hundreds of digits
        raise _LeftOut(SCORE_OUT_OF_RANGE) from None
    if not (math.isfinite(converted) and low <= converted <= high):
        raise _LeftOut(SCORE_OUT_OF_RANGE)
    return converted


def _criteria(extensions: dict[str, Any]) -> None:
    """Rubric points per criterion, where present: each a number within ±MAX_POINTS (or not a number, which
    reports skip)."""
    criteria = extensions.get("criteria")
    if not isinstance(criteria, dict):
        return
    for value in criteria.values():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                if not (math.isfinite(float(value)) and abs(float(value)) <= MAX_POINTS):
                    raise _LeftOut(CRITERIA_OUT_OF_RANGE)
            except OverflowError:
                raise _LeftOut(CRITERIA_OUT_OF_RANGE) from None


def _read(statement: Any) -> Record:
    if not isinstance(statement, dict):
        raise _LeftOut(NOT_OURS)
    learner = learner_of(statement)
    verb = _mapping(statement.get("verb")).get("id")
    target = _mapping(statement.get("object")).get("id")
    activity = split_activity(target)
    if not (learner and isinstance(verb, str) and verb.startswith(ADL_VERBS) and activity):
        raise _LeftOut(NOT_OURS)
    stamp = parse_timestamp(statement.get("timestamp"))
    if stamp is None:
        raise _LeftOut(NO_TIME)
    context = _mapping(statement.get("context"))
    result = _mapping(statement.get("result"))
    score = _mapping(result.get("score"))
    context_extensions = _extensions(context.get("extensions"))
    result_extensions = _extensions(result.get("extensions"))
    raw = _number(score.get("raw"), -MAX_POINTS, MAX_POINTS)
    top = _number(score.get("max"), 0, MAX_POINTS)
    _number(score.get("min"), -MAX_POINTS, MAX_POINTS)
    if raw is not None and top is not None and raw > top:
        raise _LeftOut(SCORE_OUT_OF_RANGE)
    _criteria(result_extensions)
    return Record(
        id=str(statement.get("id") or ""),
        learner=learner,
        self_declared=context_extensions.pop("self-declared", False) is True,
        verb=verb[len(ADL_VERBS):],
        kind=activity[0],
        ids=activity[1],
        timestamp=stamp,
        registration=context.get("registration") if isinstance(context.get("registration"), str) else None,
        success=result.get("success") if isinstance(result.get("success"), bool) else None,
        raw=raw,
        max=top,
        scaled=_number(score.get("scaled"), -1, 1),  # xAPI: scaled is within -1 and 1
        response=result.get("response") if isinstance(result.get("response"), str) else None,
        context=context_extensions,
        extensions=result_extensions,
        parents=_parents(context),
    )


def read_record(statement: Any) -> Record | None:
    """The statement as a Record, or None when a report cannot use it (another tool's, damaged, or with a
    number out of bounds)."""
    try:
        return _read(statement)
    except _LeftOut:
        return None


@dataclass
class ReadRecords:
    records: list[Record]  # by time, then id
    skipped: Counter[str]  # reason (message code) -> statements left out


def read_statements(statements: list[Any]) -> ReadRecords:
    records, skipped = [], Counter[str]()
    for statement in statements:
        try:
            records.append(_read(statement))
        except _LeftOut as reason:
            skipped[reason.args[0]] += 1
        except RecursionError:  # nested deeper than Python reads: damaged
            skipped[NOT_OURS] += 1
    return ReadRecords(sorted(records, key=lambda record: (record.timestamp, record.id)), skipped)


def read_records(statements: list[Any]) -> list[Record]:
    return read_statements(statements).records
