"""Pictures in an .xlsx, found in its parts directly: openpyxl keeps embedded pictures only and fails on pictures
that merely link to a file. Parsed with defusedxml: the parts are untrusted XML."""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
MAX_PART_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Picture:
    sheet: str
    row: int  # 1-based, the cell its top left corner sits in
    column: int
    link: str  # the file it links to, or "" when the workbook holds the picture


def _xml(archive: zipfile.ZipFile, name: str):
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        return None
    try:
        return ElementTree.fromstring(archive.read(info))
    except Exception:  # a damaged or hostile part: openpyxl reports the workbook itself
        return None


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str, bool]]:
    """rId -> (type, target part or address, external) of one part."""
    folder, name = posixpath.split(part)
    root = _xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    found: dict[str, tuple[str, str, bool]] = {}
    for rel in root.iter(f"{_PACKAGE_REL}Relationship") if root is not None else []:
        external = rel.get("TargetMode") == "External"
        target = rel.get("Target", "")
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target)) if not target.startswith("/") else target[1:]
        found[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
    return found


def pictures(archive: zipfile.ZipFile) -> list[Picture]:
    workbook = _xml(archive, "xl/workbook.xml")
    if workbook is None:
        return []
    sheets = _relationships(archive, "xl/workbook.xml")
    found: list[Picture] = []
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        sheet_part = sheets.get(sheet.get(f"{_REL}id", ""), ("", "", False))[1]
        for kind, drawing, external in _relationships(archive, sheet_part).values():
            if external or not kind.endswith("/drawing"):
                continue
            found += _drawing_pictures(archive, sheet.get("name", ""), drawing)
    return found


def _drawing_pictures(archive: zipfile.ZipFile, sheet: str, drawing: str) -> list[Picture]:
    root = _xml(archive, drawing)
    if root is None:
        return []
    targets = _relationships(archive, drawing)
    found = []
    for anchor in root:
        start = anchor.find(f"{_DRAWING}from")
        blip = anchor.find(f".//{_A}blip")
        if blip is None:
            continue
        row = _number(start.findtext(f"{_DRAWING}row", "0")) + 1 if start is not None else 1
        column = _number(start.findtext(f"{_DRAWING}col", "0")) + 1 if start is not None else 1
        linked = blip.get(f"{_REL}link")
        embedded = blip.get(f"{_REL}embed")
        link = ""
        if linked:
            link = targets.get(linked, ("", linked, True))[1]
        elif embedded and targets.get(embedded, ("", "", False))[2]:
            link = targets[embedded][1]
        found.append(Picture(sheet, row, column, link))
    return found


def _number(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0
