"""Typed access to one YAML mapping: every read is checked, every problem logged with its line.

A reader knows the fields its loader asked for; any other key is reported as unknown, with a
suggestion when it is close to a known one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any, overload

from generator.errors import ProblemLog
from generator.messages import describe, did_you_mean, one_of
from generator.model.entities import Ref
from generator.model.source import LineDict, LineList

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_MISSING = object()


# Fields shown on one line (titles, names, calendar entries, running heads): a line break or a control character
# in one is a mistake, and breaks what is built from it (an .ics line, a PDF header, the navigation).
ONE_LINE_FIELDS = frozenset({"title", "subtitle", "name", "owner", "term", "time", "phase", "trainer", "place",
                             "participants", "metric", "q", "a"})  # q, a: a key fact is one line each


# No count, duration, version or score in content comes near this; every sum of them stays exact in a browser
# (whole numbers there are exact up to 2**53) and every total printable.
MAX_WHOLE_NUMBER = 1_000_000


def _shown_number(value: int) -> str:
    digits = str(value)
    return digits if len(digits) <= 30 else f"{digits[:12]}…（{len(digits)} 位）"


# Longer titles wrap in cards and the navigation, and printed page headers shorten them.
LONG_TITLE = 60


def _breaks_a_line(character: str) -> bool:
    return unicodedata.category(character) in ("Cc", "Zl", "Zp")


class FieldReader:
    def __init__(self, data: LineDict, file: str, log: ProblemLog, prefix: str = "") -> None:
        self.data = data
        self.file = file
        self.log = log
        self.prefix = prefix
        self.known: list[str] = []
        self.missing: list[str] = []
        for key, line in getattr(data, "duplicate_keys", []):
            self.log.add(file, line, self.name(key), "V301")

    def name(self, field: str) -> str:
        return f"{self.prefix}{field}"

    def line(self, field: str | None = None) -> int:
        if field is not None and field in self.data.key_lines:
            return self.data.key_lines[field]
        return self.data.line

    def problem(self, field: str, code: str, line: int | None = None, **args: Any) -> None:
        self.log.add(self.file, line or self.line(field), self.name(field), code, **args)

    def _get(self, field: str, required: bool) -> Any:
        self.known.append(field)
        if field not in self.data or self.data[field] is None:
            if required:
                self.missing.append(field)  # reported by finish(), unless a misspelt key explains it
            return _MISSING
        return self.data[field]

    def text(self, field: str, required: bool = True, default: str = "") -> str:
        value = self._get(field, required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.problem(field, "V302", found=describe(value))
            return default
        value = str(value).strip()
        if required and not value:
            self.problem(field, "V303")
        if field == "title" and len(value) > LONG_TITLE:
            self.log.warn(self.file, self.line(field), self.name(field), "W1207", length=len(value), limit=LONG_TITLE)
        if field in ONE_LINE_FIELDS:
            breaking = next((character for character in value if _breaks_a_line(character)), None)
            if breaking is not None:
                self.problem(field, "V326", character=f"U+{ord(breaking):04X}")
        return value

    @overload
    def integer(self, field: str, required: bool = ..., *, default: int, minimum: int | None = ...,
                maximum: int | None = ...) -> int: ...

    @overload
    def integer(self, field: str, required: bool = ..., default: None = ..., minimum: int | None = ...,
                maximum: int | None = ...) -> int | None: ...

    def integer(
        self, field: str, required: bool = False, default: int | None = None, minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self._get(field, required)
        if value is _MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(field, "V304", found=describe(value))
            return default
        if minimum is not None and value < minimum:
            if minimum == 1:
                self.problem(field, "V305", value=value)
            else:
                self.problem(field, "V306", value=value, minimum=minimum)
            return default
        maximum = MAX_WHOLE_NUMBER if maximum is None else maximum
        if value > maximum:
            self.problem(field, "V325", value=_shown_number(value), maximum=maximum)
            return default
        return value

    def percent(self, field: str, default: int) -> int:
        value = self.integer(field, default=default, minimum=0)
        if value is not None and value > 100:
            self.problem(field, "V307", value=value)
            return default
        return default if value is None else value

    @overload
    def boolean(self, field: str, default: bool, required: bool = ...) -> bool: ...

    @overload
    def boolean(self, field: str, default: None, required: bool = ...) -> bool | None: ...

    def boolean(self, field: str, default: bool | None, required: bool = False) -> bool | None:
        value = self._get(field, required)
        if value is _MISSING:
            return default
        if not isinstance(value, bool):
            self.problem(field, "V308", found=describe(value))
            return default
        return value

    def date(self, field: str, required: bool = True) -> dt.date | None:
        value = self._get(field, required)
        if value is _MISSING:
            return None
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.problem(field, "V309", found=describe(value))
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(field, "V310", text=text)
            return None

    def id(self, field: str = "id") -> str:
        value = self.text(field)
        if value and not ID_PATTERN.match(value):
            self.problem(field, "V311", value=value)
        return value

    def required_ref(self, field: str) -> Ref:
        """A reference the contract requires; an empty one (id '') when missing, which checks skip."""
        return self.ref(field, required=True) or Ref("", self.line(field))

    def ref(self, field: str, required: bool = False) -> Ref | None:
        value = self._get(field, required)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(field, "V312", found=describe(value))
            return None
        return Ref(value.strip(), self.line(field))

    def _list(self, field: str, required: bool) -> LineList | None:
        value = self._get(field, required)
        if value is _MISSING:
            return None
        if not isinstance(value, LineList):
            self.problem(field, "V313", found=describe(value))
            return None
        if required and not value:
            self.problem(field, "V314")
        return value

    def refs(self, field: str, required: bool = False) -> list[Ref]:
        items = self._list(field, required)
        if items is None:
            return []
        refs = []
        for index, (item, line) in enumerate(zip(items, items.item_lines)):
            if not isinstance(item, str) or not item.strip():
                self.problem(f"{field}[{index}]", "V312", line, found=describe(item))
                continue
            refs.append(Ref(item.strip(), line))
        return refs

    def texts(self, field: str, required: bool = False) -> list[str]:
        items = self._list(field, required)
        if items is None:
            return []
        texts = []
        for index, (item, line) in enumerate(zip(items, items.item_lines)):
            if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                self.problem(f"{field}[{index}]", "V302", line, found=describe(item))
                continue
            if not str(item).strip():
                self.problem(f"{field}[{index}]", "V303", line)
                continue
            texts.append(str(item).strip())
        return texts

    def mappings(self, field: str, required: bool = False) -> list[FieldReader]:
        """Readers for a list of mappings, each prefixed field[index]."""
        items = self._list(field, required)
        if items is None:
            return []
        readers = []
        for index, (item, line) in enumerate(zip(items, items.item_lines)):
            if not isinstance(item, LineDict):
                self.problem(f"{field}[{index}]", "V315", line, found=describe(item))
                continue
            readers.append(FieldReader(item, self.file, self.log, f"{self.prefix}{field}[{index}]."))
        return readers

    def mapping(self, field: str, required: bool = False) -> FieldReader | None:
        """A reader for a nested mapping, its fields prefixed `field.`."""
        value = self._get(field, required)
        if value is _MISSING:
            return None
        if not isinstance(value, LineDict):
            self.problem(field, "V315", found=describe(value))
            return None
        return FieldReader(value, self.file, self.log, f"{self.prefix}{field}.")

    def named_mappings(self, field: str, required: bool = False) -> list[tuple[str, int, FieldReader]]:
        """A mapping whose values are mappings (scenario nodes, a case's expert scores): per key its name, line and
        a reader prefixed `field.key.`; a value that is not a mapping, or an empty mapping, is a problem."""
        outer = self.mapping(field, required)
        if outer is None:
            return []
        found = []
        for key, value in outer.data.items():
            name = str(key)
            line = outer.data.key_lines.get(name, outer.data.line)
            if not isinstance(value, LineDict):
                self.log.add(self.file, line, f"{outer.prefix}{name}", "V315", found=describe(value))
                continue
            found.append((name, line, FieldReader(value, self.file, self.log, f"{outer.prefix}{name}.")))
        if not outer.data:
            self.log.add(self.file, outer.data.line, self.name(field), "V314")
        return found

    def raw_list(self, field: str, required: bool = False) -> LineList | None:
        return self._list(field, required)

    def finish(self) -> None:
        """Report every key that no read asked for, and required fields that are missing."""
        explained = set()
        for key in self.data:
            if key not in self.known:
                suggestion = did_you_mean(key, self.known)
                close = difflib.get_close_matches(key, self.known, n=1, cutoff=0.6)
                explained.update(close)
                self.log.add(self.file, self.line(key), self.name(key), "V316", suggestion=suggestion,
                             known=one_of(dict.fromkeys(self.known)))
        for field in self.missing:
            if field not in explained:
                self.log.add(self.file, self.data.line, self.name(field), "V317")
