"""Reading a quality-review CSV (a QA system's export, the graders' calibration scores) as untrusted input.

The file comes from another system or a spreadsheet: it may be in GBK, start with a byte-order mark, hold
a quote that never closes, a cell of megabytes, the same row twice, or a column of customers' phone numbers.
Each of these is a located problem (file, line, column) and the command writes nothing. Cells are text here;
the readers of each kind of file turn them into ids, dates and points.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from generator.errors import ProblemLog
from generator.messages import describe, text
from generator.model.file_access import encoding_hint
from generator.model.personal_data import personal_data_in

MAX_BYTES = 64 * 1024 * 1024
# Control characters (NUL, escape sequences that would drive the terminal the messages are printed on).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FIELD_LIMIT = 1000  # characters in one cell: ids, dates and points are short
# Column names that point at a person's contact or identity rather than at an agent's 工号 or a call.
PERSONAL_COLUMN = re.compile(r"手机|电话|号码|身份证|证件|银行卡|卡号|邮箱|住址|地址|phone|mobile|tel|id.?card|id.?number|"
                             r"e-?mail|address|card", re.I)
# An agent's 工号, a call's number, a grader: visible text without spaces (as learning records take an account).
_IDENTIFIER = re.compile(r"[^\s\x00-\x1f\x7f]{1,64}")
_NUMBER = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,6})?")


@dataclass
class CsvTable:
    file: str
    header: list[str]
    header_line: int = 1
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line, {column: cell})


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def read_csv(path: Path, file: str, log: ProblemLog, expected: str) -> CsvTable | None:
    """The table, or None after logging why it cannot be read; `expected` names the header for messages.
    Rows that cannot be trusted (wrong width, a copy of an earlier row) are logged and left out."""
    raw = _read_bytes(path, file, log)
    if raw is None:
        return None
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        log.add(file, raw.count(b"\n", 0, error.start) + 1, "", "F112", hint=encoding_hint(raw))
        return None
    content = content.removeprefix("\ufeff")  # Excel's “CSV UTF-8” starts with a byte-order mark
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    with _field_limit(FIELD_LIMIT):
        start = 1
        try:
            for record in reader:
                records.append((start, record))
                start = reader.line_num + 1
        except csv.Error as error:
            line = reader.line_num or start
            if "field larger than field limit" in str(error):
                log.add(file, line, "", "L1533", limit=FIELD_LIMIT)
            else:
                log.add(file, line, "", "L1532", problem=str(error))
            return None
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if not records:
        log.add(file, 1, "", "L1534", expected=expected)
        return None
    controlled = [(line, index) for line, cells in records for index, cell in enumerate(cells) if _CONTROL.search(cell)]
    for line, index in controlled:
        log.add(file, line, "", "L1537", index=index + 1)
    if controlled:
        return None
    header_line, header_cells = records[0]
    table = CsvTable(file, [cell.strip() for cell in header_cells], header_line)
    if not _check_header(table, log):
        return None
    seen: dict[tuple[str, ...], int] = {}
    for line, cells in records[1:]:
        if len(cells) != len(table.header):
            log.add(file, line, "", "K1409", count=len(cells), expected=len(table.header))
            continue
        key = tuple(cell.strip() for cell in cells)
        if key in seen:
            log.add(file, line, "", "L1538", other=seen[key])
            continue
        seen[key] = line
        table.rows.append((line, dict(zip(table.header, key))))
    _refuse_personal_data(table, log)
    return table


def _read_bytes(path: Path, file: str, log: ProblemLog) -> bytes | None:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            log.add(file, 0, "", "F107")
            return None
        if info.st_size > MAX_BYTES:
            log.add(file, 0, "", "L1531", size=-(-info.st_size // (1024 * 1024)), limit=MAX_BYTES // (1024 * 1024))
            return None
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        log.add(file, 0, "", "F106", reason=error.strerror or str(error))
        return None


def _check_header(table: CsvTable, log: ProblemLog) -> bool:
    fine = True
    seen: set[str] = set()
    for index, name in enumerate(table.header, start=1):
        if not name:
            log.add(table.file, table.header_line, "", "L1536", index=index)
            fine = False
        elif name in seen:
            log.add(table.file, table.header_line, name, "L1535", column=name)
            fine = False
        seen.add(name)
    return fine


def _refuse_personal_data(table: CsvTable, log: ProblemLog) -> None:
    """A column holding phone, ID card or bank card numbers or e-mail addresses is refused once, at its first."""
    reported: set[str] = set()
    for line, cells in table.rows:
        for column, cell in cells.items():
            if column in reported or not cell:
                continue
            found = personal_data_in(cell)
            if found:
                reported.add(column)
                log.add(table.file, line, column, "L1539", kind=text(f"L1508.{found[0].kind}"), masked=found[0].shown)


def personal_columns(table: CsvTable) -> list[str]:
    return [name for name in table.header if PERSONAL_COLUMN.search(name)]


def identifier(value: str) -> bool:
    """Visible text: no spaces, and no invisible format characters (a direction override could disguise an id)."""
    return bool(_IDENTIFIER.fullmatch(value)) and not any(unicodedata.category(c) == "Cf" for c in value)


def number(value: str) -> Decimal | None:
    """A score or satisfaction as written (18, 17.5); None for anything else (nan, inf, 1e999, -3, 18分)."""
    if not _NUMBER.fullmatch(value):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def found(value: str) -> str:
    """A cell as a message shows it: quoted, cut when long, invisible characters written as \\uXXXX."""
    shown = "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cf", "Cc") else c for c in value)
    return describe(shown if len(shown) <= 40 else shown[:39] + "…")
