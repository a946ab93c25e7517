"""The one exception type for content problems, and the log that collects them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from generator.messages import did_you_mean, language, one_of, text

__all__ = ["ContentError", "PaperError", "Problem", "ProblemLog", "did_you_mean", "one_of", "root_causes_first"]


@dataclass(frozen=True, order=True)
class Problem:
    """One violation of the content contract, located in a source file, under a stable message code."""

    file: str
    line: int
    field: str
    message: str
    code: str = dataclass_field(default="", compare=False)
    # The file whose own problem this one follows from (an id it would have defined): fixing that file fixes this.
    caused_by: str = dataclass_field(default="", compare=False)

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}" if self.line else self.file
        suffix = f" [{self.code}]" if self.code else ""
        if self.field:
            return f"{location}: {self.field}: {self.message}{suffix}"
        return f"{location}: {self.message}{suffix}"


class ContentError(Exception):
    """Raised once with every problem found, so trainers see them all in one run."""

    def __init__(self, problems: Iterable[Problem]):
        groups = root_causes_first(problems)
        self.problems = [p for root, follow_ons in groups for p in (root, *follow_ons)]
        count = len(self.problems)
        if language() == "en":
            header = f"{count} problem{'s' if count != 1 else ''} in the training content:"
        else:
            header = f"培训内容中有 {count} 个问题："
        super().__init__("\n".join([header, *(f"  {line}" for line in problem_lines(groups))]))


class ProblemLog:
    """Collects problems while loading; raises them together at the end."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # worth fixing, but the content still builds
        # Files that could not be read, by the kind they hold: problems that follow from them say so.
        self.unread: dict[str, list[str]] = {}

    def add(self, file: str, line: int | None, field: str, code: str, *, caused_by: str = "", **args: Any) -> None:
        self.problems.append(problem(file, line, field, code, caused_by=caused_by, **args))

    def warn(self, file: str, line: int | None, field: str, code: str, **args: Any) -> None:
        self.warnings.append(problem(file, line, field, code, **args))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def problem(file: str, line: int | None, field: str, code: str, *, caused_by: str = "", **args: Any) -> Problem:
    return Problem(file, line or 0, field, text(code, **args), code, caused_by)


def root_causes_first(problems: Iterable[Problem]) -> list[tuple[Problem, tuple[Problem, ...]]]:
    """Each problem with the follow-on problems it explains, root causes first: a broken front matter is read
    before the references that only fail because that file could not be read, which are folded under the last
    problem of that file. A follow-on whose cause has no problem of its own stays a problem of its own."""
    unique = sorted(set(problems))
    causes = {p.file for p in unique if not p.caused_by}
    follow_ons: dict[str, list[Problem]] = {}
    for p in unique:
        if p.caused_by in causes:
            follow_ons.setdefault(p.caused_by, []).append(p)
    roots = [p for p in unique if p.caused_by not in causes]
    last_of_file = {p.file: p for p in roots if p.file in follow_ons}
    groups = [(p, tuple(follow_ons[p.file]) if last_of_file.get(p.file) is p else ()) for p in roots]
    return sorted(groups, key=lambda group: group[0].file not in follow_ons)  # stable: file and line within


def problem_lines(groups: list[tuple[Problem, tuple[Problem, ...]]]) -> list[str]:
    """The problems as text lines, follow-ons indented under their cause."""
    lines = []
    for root, follow_ons in groups:
        lines.append(str(root))
        if follow_ons:
            lines.append("  " + text("R408", count=len(follow_ons)))
            lines += [f"    {p}" for p in follow_ons]
    return lines


class PaperError(Exception):
    """A PDF could not be made properly; the message says what to do."""

    def __init__(self, message: str, missing_characters: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.missing_characters = missing_characters
