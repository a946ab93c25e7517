"""The workbook trainers fill in and import: the headers the importer reads, drop-down lists, and a sheet that
explains each column."""

from __future__ import annotations

from pathlib import Path

from generator.interchange.excel import OPTION_HEADERS, SHEET, TYPE_LABELS

COLUMNS: list[tuple[str, str, str, int]] = [
    # header, what it holds, an example, width
    ("题型", "必填。单选、多选、判断、填空、排序或匹配（可从下拉列表选择）。", "单选", 8),
    ("题干", "必填。题目的文字；可以用 Markdown，例如 **加粗**。填空题用 ___ 表示空格。",
     "客户说“你们这是骗人！”，第一句回应最合适的是？", 40),
    *[(header, "单选、多选、排序：每格一个选项，从选项A 起连续填写，最多到选项H。匹配：每格写“左项=右项”。判断、填空不用填。",
       example, 18) for header, example in zip(OPTION_HEADERS, ["非常理解您现在的心情，我马上帮您核实。", "我们不会骗人的。",
                                                               "", "", "", "", "", ""])],
    ("正确答案", "单选写一个字母（B），多选写几个字母（AC）；判断写 对 或 错；填空写答案，多个可接受的答案用 | 分隔"
                 "（24|二十四）；排序按正确顺序写字母（BDAC）；匹配留空。", "A", 12),
    ("解析", "选填。作答后显示的解析。", "先接住情绪，再处理问题。", 30),
    ("分值", "选填。正整数，不填为 1 分。", "1", 6),
    ("知识点", "选填。胜任力的 id 或名称（见门户“编写指南”中的“当前模型中的 id”）；写了模型中没有的名称会提醒，不会导入。",
     "共情与情绪管理", 16),
    ("编号", "选填。题目的 id（小写字母、数字和“-”），不填时按顺序编为 q01、q02……；重新导入时保持不变，学习记录按它统计。",
     "first-reply", 14),
]
ANSWER_EXAMPLES = "A,B,C,D,AB,AC,AD,BC,BD,CD,ABC,ABD,ACD,BCD,ABCD,对,错"


def write_template(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, (header, _, _, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, index, header)
        cell.font = header_font
        cell.fill = header_fill
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    last_row = 1000
    column = {header: get_column_letter(index) for index, (header, *_) in enumerate(COLUMNS, start=1)}

    types = DataValidation(type="list", formula1=f'"{",".join(TYPE_LABELS)}"', allow_blank=True,
                           showErrorMessage=True, errorTitle="题型", error="请从下拉列表选择：" + "、".join(TYPE_LABELS),
                           promptTitle="题型", prompt="单选、多选、判断、填空、排序或匹配")
    types.add(f"{column['题型']}2:{column['题型']}{last_row}")
    # A list of the usual answers to pick from; anything else may still be typed (填空的答案、排序的字母).
    answers = DataValidation(type="list", formula1=f'"{ANSWER_EXAMPLES}"', allow_blank=True, showErrorMessage=False,
                             promptTitle="正确答案", prompt="单选 B；多选 AC；判断 对/错；填空 24|二十四；排序 BDAC；匹配留空")
    answers.add(f"{column['正确答案']}2:{column['正确答案']}{last_row}")
    points = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1", allow_blank=True,
                            showErrorMessage=True, errorTitle="分值", error="分值是正整数，例如 1 或 2",
                            promptTitle="分值", prompt="正整数，不填为 1 分")
    points.add(f"{column['分值']}2:{column['分值']}{last_row}")
    for validation in (types, answers, points):
        sheet.add_data_validation(validation)

    notes = workbook.create_sheet("填写说明")
    notes.append(["列", "填写说明", "示例"])
    for cell in notes[1]:
        cell.font = header_font
        cell.fill = header_fill
    for header, meaning, example, _ in COLUMNS:
        notes.append([header, meaning, example])
    notes.append([])
    notes.append(["导入", "python -m generator import-bank 文件.xlsx --id 题库id [--mode self-check|exam]", ""])
    notes.append(["", "每行一道题；第 1 行是表头，顺序可以调整。有问题时会指出工作表、行和列，并且不写入任何文件。", ""])
    notes.column_dimensions["A"].width = 10
    notes.column_dimensions["B"].width = 90
    notes.column_dimensions["C"].width = 40
    for row in notes.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    workbook.save(path)
