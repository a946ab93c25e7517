"""The last line of defence for exam banks: no published file may contain an exam question's text.

Exam banks are never rendered, but their text can still reach the site by other ways: a trainer pastes
a question into a course, a file or link brings a bank or a printed key along. Every published file is
read as a reader would get it (HTML as text and as markup, JSON decoded, PDF text extracted, office
documents unzipped) and compared, with whitespace and zero-width characters removed, to every exam
prompt, choice, answer, item and explanation of at least `MIN_LENGTH` characters (shorter ones, such
as 正确 or 24, occur in ordinary text).
"""

from __future__ import annotations

import html as html_lib
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.messages import text
from generator.model.entities import Curriculum

MIN_LENGTH = 8
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_TEXT_SUFFIXES = {".html", ".htm", ".txt", ".md", ".csv", ".json", ".xml", ".svg", ".css", ".js", ".yml", ".yaml",
                  ".tsv", ".ics"}
_OFFICE_SUFFIXES = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub"}


def normalise(text: str) -> str:
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class ExamText:
    text: str  # normalised
    file: str
    line: int


def exam_texts(curriculum: Curriculum) -> list[ExamText]:
    """Every distinctive string of every exam bank, as plain text."""
    from generator.render.markup import render_markdown

    found: dict[str, ExamText] = {}
    for bank in (b for b in curriculum.quizzes if b.is_exam):
        for question in bank.questions:
            strings = [question.prompt, question.explanation, *question.answers, *question.items,
                       *(side for pair in question.pairs for side in pair)]
            strings += [c.text for c in question.choices] + [c.feedback for c in question.choices]
            for string in strings:
                if not string:
                    continue
                plain = normalise(_html_text(str(render_markdown(string))))
                if len(plain) >= MIN_LENGTH:
                    found.setdefault(plain, ExamText(plain, bank.file, question.line))
    return list(found.values())


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def _json_strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def readable_text(file: Path) -> list[str]:
    """What a reader of this file could see of its text, in every form it can take."""
    suffix = file.suffix.lower()
    if suffix == ".pdf":
        return [pdf_text(file)]
    if suffix in _OFFICE_SUFFIXES:
        try:
            with zipfile.ZipFile(file) as archive:
                return [archive.read(name).decode("utf-8", errors="ignore")
                        for name in archive.namelist() if name.endswith((".xml", ".xhtml", ".html", ".txt"))]
        except (zipfile.BadZipFile, OSError, KeyError):
            return []
    raw = file.read_bytes()
    if suffix == ".gz":
        import gzip

        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError):
            return []
    elif suffix not in _TEXT_SUFFIXES:
        return [raw.decode("utf-8", errors="ignore")]
    text = raw.decode("utf-8", errors="ignore")
    if suffix == ".json":
        try:
            return ["\n".join(_json_strings(json.loads(text)))]
        except ValueError:
            return [text]
    if suffix in (".html", ".htm", ".svg", ".xml"):
        return [_html_text(text), html_lib.unescape(text)]
    return [text]


def pdf_text(file: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(file)
        parts = [page.extract_text() or "" for page in reader.pages]
        for name, contents in (reader.attachments or {}).items():  # an attached file is published too
            parts.append(name)
            parts += [blob.decode("utf-8", errors="ignore") for blob in contents]
        return "\n".join(parts)
    except (PdfReadError, OSError, ValueError, KeyError):
        return ""


def find_leaks(named_texts: Iterable[tuple[str, list[str]]], exams: list[ExamText]) -> list[str]:
    """`where: exam text` for each exam string found in a text; `named_texts` gives (where, texts)."""
    problems: list[str] = []
    if not exams:
        return problems
    for where, texts in named_texts:
        joined = "\n".join(normalise(text) for text in texts)
        for exam in exams:
            if exam.text in joined:
                problems.append(f"{where}: {text('B906', source=f'{exam.file}:{exam.line}', text=exam.text[:40])}")
    return problems


def exam_leaks(site: Path, exams: list[ExamText], skip: Iterable[Path] = ()) -> list[str]:
    skipped = {path.resolve() for path in skip}
    files = (f for f in sorted(site.rglob("*")) if f.is_file() and f.resolve() not in skipped)
    return find_leaks(((f.relative_to(site).as_posix(), readable_text(f)) for f in files), exams)
