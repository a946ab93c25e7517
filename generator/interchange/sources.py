"""What every reader of a foreign bank shares: the bounded read of an untrusted file, where problems are located,
and the mapping of knowledge points (知识点) or tags onto the model's competencies."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ProblemLog
from generator.messages import did_you_mean, one_of
from generator.model.entities import TrainingModel
from generator.model.fields import ID_PATTERN

# Largest source an import reads: a bank of thousands of questions with pictures stays far below it.
MAX_SOURCE_BYTES = 20 * 1024 * 1024


@dataclass
class ImportContext:
    """What a reader needs from the repository: where problems are reported, and the model's competencies."""

    file: str  # the source as messages name it
    log: ProblemLog
    competency_ids: dict[str, str] = field(default_factory=dict)  # id or name -> id

    @classmethod
    def for_model(cls, file: str, log: ProblemLog, model: TrainingModel | None) -> ImportContext:
        names: dict[str, str] = {}
        for competency in model.competencies if model else []:
            names[competency.id] = competency.id
            names.setdefault(competency.name, competency.id)
        return cls(file, log, names)

    def error(self, line: int, where: str, code: str, **args: Any) -> None:
        self.log.add(self.file, line, where, code, **args)

    def warn(self, line: int, where: str, code: str, **args: object) -> None:
        self.log.warn(self.file, line, where, code, **args)

    def competencies(self, words: list[str], line: int, where: str, warn_unknown: bool = True) -> str:
        """The one competency id the words name (ids or names of the model); what does not match is warned about
        when `warn_unknown`, a second match too."""
        found: list[str] = []
        for word in words:
            competency = self.competency_ids.get(word)
            if competency is None:
                if warn_unknown:
                    self.warn(line, where, "I1642", value=word,
                              suggestion=did_you_mean(word, self.competency_ids))
            elif competency not in found:
                found.append(competency)
        if len(found) > 1:
            self.warn(line, where, "I1643", kept=found[0], dropped=one_of(found[1:]))
        return found[0] if found else ""


def read_source(path: Path, context: ImportContext, limit: int | None = None) -> bytes | None:
    """The bytes of a regular file within the size limit; None after logging why not (links are followed: the
    trainer named the file)."""
    limit = limit or MAX_SOURCE_BYTES
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            context.error(0, "", "F107")
            return None
        if info.st_size > limit:
            context.error(0, "", "I1611", size=_megabytes(info.st_size), limit=limit // (1024 * 1024))
            return None
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        context.error(0, "", "F106", reason=error.strerror or str(error))
        return None
    if len(data) > limit:  # grew while read
        context.error(0, "", "I1611", size=_megabytes(len(data)), limit=limit // (1024 * 1024))
        return None
    return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


_SPACES = re.compile(r"[ \t\u3000\u00a0]+\n")


def clean_text(value: str) -> str:
    """A cell's or element's text as a bank keeps it: Windows and old Mac line ends made plain, spaces at line ends
    and around the whole dropped (full-width and no-break spaces too)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _SPACES.sub("\n", value)
    return value.strip(" \t\n\u3000\u00a0\ufeff")


def unique_id(wanted: str, taken: set[str], number: int) -> str:
    """A question id: the source's own when it is a valid id not yet taken, else q01, q02 … by position."""
    candidate = wanted if wanted and ID_PATTERN.match(wanted) and wanted not in taken else ""
    if not candidate:
        candidate = f"q{number:02d}"
        while candidate in taken:
            number += 1
            candidate = f"q{number:02d}"
    taken.add(candidate)
    return candidate


class SourceReader:
    """A reader of one kind of foreign bank file: `parse` turns the file's bytes (read within the size limit)
    into questions and may set the bank's title the file names."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.title = ""

    def parse(self, data: bytes) -> list:
        raise NotImplementedError

    def read(self, path: Path) -> tuple[str, list]:
        data = read_source(path, self.context)
        if data is None:
            return "", []
        questions = self.parse(data)  # may name the title
        return self.title, questions
