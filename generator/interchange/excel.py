"""Reading a question bank kept in Excel: one question per row under Chinese headers (content contract, "Question
banks from and to other systems"). The workbook is untrusted: its zip is measured before openpyxl opens it, XML
inside is parsed by defusedxml (openpyxl uses it when installed), and every problem names sheet, row and column."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.interchange.neutral import NeutralChoice, NeutralQuestion
from generator.interchange.sources import ImportContext, clean_text, read_source, unique_id
from generator.interchange.workbook_parts import pictures
from generator.messages import describe, did_you_mean, one_of, text
from generator.model.question_types import QUESTION_TYPES

LETTERS = "ABCDEFGH"
OPTION_HEADERS = [f"选项{letter}" for letter in LETTERS]
HEADERS = ["编号", "题型", "题干", *OPTION_HEADERS, "正确答案", "解析", "分值", "知识点"]
REQUIRED_HEADERS = ["题型", "题干", "正确答案"]
# Names other workbooks give the same columns.
HEADER_ALIASES = {"题目": "题干", "试题": "题干", "题目内容": "题干", "题目类型": "题型", "试题类型": "题型",
                  "答案": "正确答案", "标准答案": "正确答案", "参考答案": "正确答案", "答案解析": "解析",
                  "试题解析": "解析", "分数": "分值", "题号": "编号", "序号": "编号"}
SHEET = "题库"

# 题型 as trainers write it -> the bank's type.
TYPE_NAMES = {
    "单选": "single", "单选题": "single", "单项选择": "single", "单项选择题": "single", "single": "single",
    "多选": "multiple", "多选题": "multiple", "多项选择": "multiple", "多项选择题": "multiple", "不定项选择": "multiple",
    "不定项选择题": "multiple", "multiple": "multiple",
    "判断": "true-false", "判断题": "true-false", "是非题": "true-false", "true-false": "true-false",
    "填空": "fill", "填空题": "fill", "fill": "fill",
    "排序": "order", "排序题": "order", "order": "order",
    "匹配": "match", "匹配题": "match", "配对": "match", "配对题": "match", "连线题": "match", "match": "match",
}
TYPE_LABELS = ["单选", "多选", "判断", "填空", "排序", "匹配"]
TRUE_WORDS = {"对", "正确", "是", "√", "✓", "✔", "T", "TRUE", "Y", "YES"}
FALSE_WORDS = {"错", "错误", "否", "×", "✗", "✘", "X", "F", "FALSE", "N", "NO"}
_ANSWER_SEPARATORS = re.compile(r"[\s,，、;；/|｜]+")
_KNOWLEDGE_SEPARATORS = re.compile(r"[,，、;；/\n]+")
_FILL_SEPARATORS = re.compile(r"[|｜]")

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all parts of a workbook, unpacked
MAX_MEMBERS = 10_000
MAX_ROWS = 10_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class _Sheet:
    name: str
    values: Any  # the worksheet read with cached formula results
    formulas: Any  # the same worksheet with formulas as written


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


class WorkbookReader:
    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.sheet = ""

    # -- where ------------------------------------------------------------------------------------------------
    def cell(self, row: int, column: int) -> str:
        return text("I1601", sheet=self.sheet, row=row, column=column_letter(column))

    def row(self, row: int) -> str:
        return text("I1602", sheet=self.sheet, row=row)

    def error(self, where: str, code: str, **args: object) -> None:
        self.context.error(0, where, code, **args)

    def warn(self, where: str, code: str, **args: object) -> None:
        self.context.warn(0, where, code, **args)

    # -- the workbook -----------------------------------------------------------------------------------------
    def open(self, path: Path) -> _Sheet | None:
        data = read_source(path, self.context)
        if data is None:
            return None
        if data.startswith(_OLE_MAGIC):
            # Excel keeps a password-protected .xlsx in an OLE container with an EncryptionInfo stream; an old .xls
            # is an OLE container without one.
            self.error("", "I1621" if "EncryptionInfo".encode("utf-16-le") in data else "I1622")
            return None
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            self.error("", "I1620", reason=str(error) or type(error).__name__)
            return None
        unpacked = sum(member.file_size for member in members)
        biggest = max(members, key=lambda member: member.file_size, default=None)
        if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
            self.error("", "I1623", limit=MAX_UNPACKED_BYTES // (1024 * 1024),
                       member=biggest.filename if biggest else "", size=f"{unpacked / (1024 * 1024):.0f}")
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops (data validation, styles)
                from openpyxl import load_workbook

                values = load_workbook(io.BytesIO(data), data_only=True)
                formulas = load_workbook(io.BytesIO(data), data_only=False)
        except Exception as error:  # openpyxl raises many kinds on a damaged workbook; none may become a traceback
            self.error("", "I1620", reason=f"{type(error).__name__}: {str(error)[:200]}")
            return None
        name = SHEET if SHEET in values.sheetnames else values.worksheets[0].title
        self.sheet = name
        self._pictures = [p for p in pictures(archive) if p.sheet == name]
        return _Sheet(name, values[name], formulas[name])

    # -- rows -------------------------------------------------------------------------------------------------
    def read(self, path: Path) -> list[NeutralQuestion]:
        sheet = self.open(path)
        if sheet is None:
            return []
        where_sheet = text("I1603", sheet=sheet.name)
        if sheet.formulas.max_row > MAX_ROWS + 1:
            self.error(where_sheet, "I1649", rows=sheet.formulas.max_row, limit=MAX_ROWS)
            return []
        merged_rows = self._unmerge(sheet)
        columns = self._headers(sheet)
        if columns is None:
            return []
        questions: list[NeutralQuestion] = []
        seen: dict[tuple[str, str], tuple[int, tuple]] = {}
        taken: set[str] = set()
        picture_rows = {picture.row: picture for picture in self._pictures}
        for picture in self._pictures:
            if picture.row not in range(2, sheet.formulas.max_row + 1):
                self.warn(self.cell(picture.row, picture.column), "I1646" if picture.link else "I1647",
                          target=picture.link)
        for row in range(2, sheet.formulas.max_row + 1):
            cells = {header: self._value(sheet, row, column, merged_rows) for header, column in columns.items()}
            if all(value in (None, "") for value in cells.values()):
                continue
            if any(value is _FORMULA for value in cells.values()):
                continue
            shown = picture_rows.get(row)
            if shown is not None:
                self.warn(self.cell(row, shown.column), "I1646" if shown.link else "I1647", target=shown.link)
                continue
            question = self._question(row, cells, columns, len(questions) + 1, taken)
            if question is None:
                continue
            signature = (question.type, question.prompt)
            content = (question.choices, question.answer, question.answers, question.items, question.pairs)
            if signature in seen:
                first_row, first_content = seen[signature]
                other = self.row(first_row)
                if first_content == tuple(repr(part) for part in content):
                    self.warn(self.row(row), "I1644", other=other)
                else:
                    self.error(self.cell(row, columns["题干"]), "I1645", other=other)
                taken.discard(question.id)
                continue
            seen[signature] = (row, tuple(repr(part) for part in content))
            questions.append(question)
        return questions

    def _unmerge(self, sheet: _Sheet) -> dict[tuple[int, int], tuple[int, int]]:
        """Cells covered by a merge down one column read the merge's value (a 知识点 or 题型 written once for several
        rows); a merge across columns is ambiguous and reported."""
        covered: dict[tuple[int, int], tuple[int, int]] = {}
        for cells in sheet.formulas.merged_cells.ranges:
            if cells.min_col != cells.max_col:
                self.error(self.cell(cells.min_row, cells.min_col), "I1648", cells=cells.coord)
                continue
            for row in range(cells.min_row + 1, cells.max_row + 1):
                covered[(row, cells.min_col)] = (cells.min_row, cells.min_col)
        return covered

    def _headers(self, sheet: _Sheet) -> dict[str, int] | None:
        before = len(self.context.log.problems)
        columns: dict[str, int] = {}
        where_sheet = text("I1603", sheet=sheet.name)
        if sheet.formulas.max_row < 2 and all(c.value in (None, "") for c in sheet.formulas[1]):
            self.error(where_sheet, "I1624")
            return None
        for cell in sheet.formulas[1]:
            if cell.value in (None, ""):
                continue
            raw = clean_text(str(cell.value))
            name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
            name = HEADER_ALIASES.get(name, name)
            if name not in HEADERS:
                self.warn(self.cell(1, cell.column), "I1627", header=raw, known=one_of(HEADERS),
                          suggestion=did_you_mean(name, HEADERS))
                continue
            if name in columns:
                self.error(self.cell(1, cell.column), "I1626", header=name, first=column_letter(columns[name]),
                           second=column_letter(cell.column))
                continue
            columns[name] = cell.column
        if sheet.formulas.max_row < 2:
            self.error(where_sheet, "I1624")
            return None
        missing = [header for header in REQUIRED_HEADERS if header not in columns]
        for header in missing:
            self.error(self.row(1), "I1625", header=header, known=one_of(HEADERS))
        return None if len(self.context.log.problems) > before else columns

    def _value(self, sheet: _Sheet, row: int, column: int, merged: dict[tuple[int, int], tuple[int, int]]) -> Any:
        source_row, source_column = merged.get((row, column), (row, column))
        written = sheet.formulas.cell(source_row, source_column)
        value = sheet.values.cell(source_row, source_column).value
        if written.data_type == "f" or isinstance(written.value, str) and written.value.startswith("="):
            formula = str(written.value if isinstance(written.value, str) else getattr(written.value, "text", ""))
            if "IMAGE(" in formula.upper() or "DISPIMG(" in formula.upper():
                self.warn(self.cell(row, column), "I1647" if "DISPIMG(" in formula.upper() else "I1646",
                          target=formula[:120])
                return _FORMULA
            if value is None or sheet.values.cell(source_row, source_column).data_type == "e":
                self.error(self.cell(row, column), "I1628", formula=formula[:120])
                return _FORMULA
        elif written.data_type == "e":
            self.error(self.cell(row, column), "I1628", formula=str(written.value))
            return _FORMULA
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    # -- one question -----------------------------------------------------------------------------------------
    def _question(self, row: int, cells: dict[str, Any], columns: dict[str, int], number: int,
                  taken: set[str]) -> NeutralQuestion | None:
        before = len(self.context.log.problems)
        type_text = _plain(cells.get("题型"))
        question_type = TYPE_NAMES.get(re.sub(r"\s+", "", unicodedata.normalize("NFKC", type_text)))
        if question_type is None:
            self.error(self.cell(row, columns["题型"]), "I1629", value=type_text, known=one_of(TYPE_LABELS))
        prompt = _plain(cells.get("题干"))
        if not prompt:
            self.error(self.cell(row, columns["题干"]), "I1638")
        wanted = _plain(cells.get("编号"))
        if wanted and wanted in taken:
            self.error(self.cell(row, columns["编号"]), "I1651", value=wanted, other=self.row(row))
        question_id = unique_id(wanted, taken, number)
        if wanted and question_id != wanted:
            self.warn(self.cell(row, columns["编号"]), "I1650", value=wanted, id=question_id)
        question = NeutralQuestion(id=question_id, type=question_type or "", prompt=prompt, where=self.row(row))
        question.points = self._points(row, cells, columns)
        question.explanation = _plain(cells.get("解析"))
        knowledge = _plain(cells.get("知识点"))
        if knowledge:
            words = [w.strip() for w in _KNOWLEDGE_SEPARATORS.split(knowledge) if w.strip()]
            question.competency = self.context.competencies(words, 0, self.cell(row, columns["知识点"]))
        if question_type:
            self._answer(row, cells, columns, question)
        if len(self.context.log.problems) > before:
            taken.discard(question_id)
            return None
        return question

    def _points(self, row: int, cells: dict[str, Any], columns: dict[str, int]) -> int:
        value = cells.get("分值")
        if value in (None, ""):
            return 1
        number: float | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, (int, float)):
            number = value
        elif isinstance(value, str) and re.fullmatch(r"\d+(\.0+)?", unicodedata.normalize("NFKC", value)):
            number = float(unicodedata.normalize("NFKC", value))
        if number is None or number != int(number) or number < 1:
            self.error(self.cell(row, columns["分值"]), "I1637", found=describe(value))
            return 1
        return int(number)

    def _options(self, row: int, cells: dict[str, Any], columns: dict[str, int]) -> list[tuple[str, str]]:
        """(letter, text) of the filled options, A first; a gap before a filled option is reported."""
        present = [(letter, _plain(cells.get(f"选项{letter}"))) for letter in LETTERS if f"选项{letter}" in columns]
        last = max((index for index, (_, value) in enumerate(present) if value), default=-1)
        for index, (letter, value) in enumerate(present[:last]):
            if not value:
                later = next(name for name, filled in present[index + 1:] if filled)
                self.error(self.cell(row, columns[f"选项{letter}"]), "I1640", letter=letter, later=later)
        return [(letter, value) for letter, value in present[:last + 1] if value]

    def _answer(self, row: int, cells: dict[str, Any], columns: dict[str, int], question: NeutralQuestion) -> None:
        answer_cell = self.cell(row, columns["正确答案"])
        raw = cells.get("正确答案")
        answer = _plain(raw)
        kind = QUESTION_TYPES[question.type]
        if question.type == "true-false":
            if isinstance(raw, bool):
                question.answer = raw
            elif not answer:
                self.error(answer_cell, "I1639")
            else:
                word = unicodedata.normalize("NFKC", answer).strip().upper()
                if word in TRUE_WORDS:
                    question.answer = True
                elif word in FALSE_WORDS:
                    question.answer = False
                else:
                    self.error(answer_cell, "I1633", value=answer)
            return
        if question.type == "fill":
            answers = [part.strip() for part in _FILL_SEPARATORS.split(answer) if part.strip()]
            if not answers:
                self.error(answer_cell, "I1639")
            question.answers = answers
            return
        options = self._options(row, cells, columns)
        if question.type == "match":
            if answer:
                self.error(answer_cell, "I1636", value=answer)
            for letter, value in options:
                left, sign, right = value.replace("＝", "=").partition("=")
                left, right = left.strip(), right.strip()
                if not sign or not left or not right:
                    self.error(self.cell(row, columns[f"选项{letter}"]), "I1635", value=value)
                    continue
                question.pairs.append((left, right))
            if len(options) < 2:
                self.error(self.row(row), "I1641", kind=kind.label, kind_en=question.type, count=len(options))
            return
        if len(options) < 2:
            self.error(self.row(row), "I1641", kind=kind.label, kind_en=question.type, count=len(options))
        if not answer:
            self.error(answer_cell, "I1639")
            return
        letters = _ANSWER_SEPARATORS.sub("", unicodedata.normalize("NFKC", answer).upper())
        example = {"single": "B", "multiple": "AC", "order": "BDAC"}[question.type]
        if not letters or any(letter not in LETTERS for letter in letters):
            self.error(answer_cell, "I1631", kind=kind.label, kind_en=question.type, example=example, value=answer)
            return
        filled = {letter for letter, _ in options}
        missing = [letter for letter in dict.fromkeys(letters) if letter not in filled]
        for letter in missing:
            self.error(answer_cell, "I1630", letter=letter)
        if missing:
            return
        if question.type == "order":
            if sorted(letters) != sorted(filled):
                self.error(answer_cell, "I1634", letters="".join(sorted(filled)), example=example, value=answer)
                return
            by_letter = dict(options)
            question.items = [by_letter[letter] for letter in letters]
            return
        chosen = set(letters)
        if question.type == "single" and len(chosen) != 1:
            self.error(answer_cell, "I1632", count=len(chosen), value=answer)
            return
        question.choices = [NeutralChoice(value, letter in chosen) for letter, value in options]


class _Formula:
    """A cell whose value the workbook does not hold (an uncached formula or an error value)."""


_FORMULA = _Formula()


def _plain(value: Any) -> str:
    if value is None or value is _FORMULA:
        return ""
    if isinstance(value, bool):
        return "对" if value else "错"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def read_workbook(path: Path, context: ImportContext) -> list[NeutralQuestion]:
    return WorkbookReader(context).read(path)
