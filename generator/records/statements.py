"""xAPI statements as the portal's browser code writes them (generator/browser/xapi.js), read back: which
learner, what happened to which course, bank, question, path step or scenario, with what result."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ACTIVITY_MARK = "/activities/"
EXTENSION_MARK = "/records/"


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
        stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)
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


def read_record(statement: Any) -> Record | None:
    """The statement as a Record, or None when it is not one of the portal's (another tool's, or damaged)."""
    if not isinstance(statement, dict):
        return None
    learner = learner_of(statement)
    verb = _mapping(statement.get("verb")).get("id")
    target = _mapping(statement.get("object")).get("id")
    stamp = parse_timestamp(statement.get("timestamp"))
    activity = split_activity(target)
    if not (learner and isinstance(verb, str) and verb.startswith(ADL_VERBS) and activity and stamp):
        return None
    context = _mapping(statement.get("context"))
    result = _mapping(statement.get("result"))
    score = _mapping(result.get("score"))
    context_extensions = _extensions(context.get("extensions"))

    def number(value: Any) -> float | None:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return None
        try:
            converted = float(value)
        except OverflowError:
            return None
        return converted if math.isfinite(converted) else None

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
        raw=number(score.get("raw")),
        max=number(score.get("max")),
        scaled=number(score.get("scaled")),
        response=result.get("response") if isinstance(result.get("response"), str) else None,
        context=context_extensions,
        extensions=_extensions(result.get("extensions")),
        parents=_parents(context),
    )


def read_records(statements: list[Any]) -> list[Record]:
    records = [record for record in map(read_record, statements) if record is not None]
    return sorted(records, key=lambda record: (record.timestamp, record.id))
