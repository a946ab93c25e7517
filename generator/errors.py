"""The one exception type for content problems, and the log that collects them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from generator.messages import did_you_mean, language, one_of, text

__all__ = ["ContentError", "Problem", "ProblemLog", "did_you_mean", "one_of"]


@dataclass(frozen=True, order=True)
class Problem:
    """One violation of the content contract, located in a source file, under a stable message code."""

    file: str
    line: int
    field: str
    message: str
    code: str = dataclass_field(default="", compare=False)

    def __str__(self) -> str:
        location = f"{self.file}:{self.line}" if self.line else self.file
        suffix = f" [{self.code}]" if self.code else ""
        if self.field:
            return f"{location}: {self.field}: {self.message}{suffix}"
        return f"{location}: {self.message}{suffix}"


class ContentError(Exception):
    """Raised once with every problem found, so trainers see them all in one run."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems))
        count = len(self.problems)
        if language() == "en":
            header = f"{count} problem{'s' if count != 1 else ''} in the training content:"
        else:
            header = f"培训内容中有 {count} 个问题："
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))


class ProblemLog:
    """Collects problems while loading; raises them together at the end."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []  # worth fixing, but the content still builds
        # Files that could not be read, by the kind they hold: problems that follow from them say so.
        self.unread: dict[str, list[str]] = {}

    def add(self, file: str, line: int | None, field: str, code: str, **args: Any) -> None:
        self.problems.append(problem(file, line, field, code, **args))

    def warn(self, file: str, line: int | None, field: str, code: str, **args: Any) -> None:
        self.warnings.append(problem(file, line, field, code, **args))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def problem(file: str, line: int | None, field: str, code: str, **args: Any) -> Problem:
    return Problem(file, line or 0, field, text(code, **args), code)
