"""The quality loop as text: the calibration table for the terminal, the 共性问题 findings as Markdown for a pull
request (aggregate figures only: no agent appears in it), and the assignments as CSV whose cells a spreadsheet
never runs as formulas."""

from __future__ import annotations

import csv
import io
import unicodedata

from generator.messages import text
from generator.paper.quality import alpha_text, alpha_verdict, percent, points, signed
from generator.quality.calibration import Calibration
from generator.quality.qa import AgentPlan, Findings, Training
from generator.records.report_text import inert_cell


def _width(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in value)


def _pad(value: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(value))
    return gap + value if right else value + gap


def table(rows: list[list[str]], numeric_from: int = 1) -> str:
    """Columns aligned for a terminal (Chinese characters count two), numbers right-aligned."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, widths[i], i >= numeric_from and n > 0) for i, cell in enumerate(row)).rstrip()
             for n, row in enumerate(rows)]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def calibration_text(calibration: Calibration) -> str:
    case = calibration.case
    header = [text("L1571.criterion"), text("L1571.points"), text("L1571.expert"),
              *calibration.graders, text("L1571.spread"), text("L1571.within"), text("L1571.exact")]
    rows = [header]
    for item in calibration.criteria:
        rows.append([item.criterion.name, str(item.criterion.points), points(item.expert),
                     *(signed(item.deviations[g]) for g in calibration.graders),
                     points(item.spread), percent(item.within), percent(item.exact)])
    lines = [text("L1570", case=case.id, title=case.title, graders=len(calibration.graders), tolerance=case.tolerance),
             "", table(rows), ""]
    first = calibration.discuss_first
    if first is not None:
        lines.append(text("L1572", criterion=first.criterion.name, mean=points(first.mean_deviation),
                          share=percent(first.mean_deviation / first.criterion.points if first.mean_deviation else 0)))
    else:
        lines.append(text("L1573"))
    lines.append(text("L1574", within=percent(calibration.within), exact=percent(calibration.exact),
                      alpha=alpha_text(calibration.alpha), verdict=text(f"L1575.{alpha_verdict(calibration.alpha)}")))
    return "\n".join(lines) + "\n"


def _names(items: list, limit: int = 5) -> str:
    shown = "、".join(_cell(item.title) for item in items[:limit])
    return (shown + (f" 等 {len(items)} 个" if len(items) > limit else "")) or "—"


def _cell(value: str) -> str:
    """Text inside a Markdown table cell: a pipe or a line break would end the cell."""
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def findings_markdown(findings: Findings, settings, competency_names: dict[str, str]) -> str:
    with_previous = bool(findings.previous_file)
    lines = ["# 质检共性问题报告", "",
             f"抽检通话 {findings.calls} 通（{findings.first} 至 {findings.last}），坐席 {findings.agents} 名；"
             f"共性问题 {len(findings.common)} 项（低于及格线的通话占 {settings.common_share}% 及以上）。", ""]
    if findings.too_few:
        lines += [f"{findings.too_few} 名坐席的评分通话少于 {settings.min_calls} 通，本期不做单项结论。", ""]
    if findings.coaching:
        lines += [f"{findings.coaching} 名坐席的平均满意度低于 {settings.coaching_below} 分，需要一对一辅导。", ""]
    head = ["评分项", "评分表", "通话", "平均得分率", "低于及格线"] + (["得分率变化", "低于及格线变化"] if with_previous else []) + ["结论"]
    lines += ["## 各评分项", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for f in findings.criteria:
        cells = [_cell(f.criterion.name), f.rubric.id, str(f.calls), percent(f.mean_share), percent(f.below_share)]
        if with_previous:
            cells += [f"{signed((f.mean_share - f.previous.mean_share) * 100)} 个百分点" if f.previous else "—",
                      f"{signed((f.below_share - f.previous.below_share) * 100)} 个百分点" if f.previous else "—"]
        cells.append("共性问题" if f.common else "—")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## 共性问题与对应的培训", ""]
    for number, f in enumerate(findings.common, start=1):
        competencies = "、".join(_cell(competency_names.get(ref.id, ref.id)) for ref in f.criterion.competencies) or "（未标注）"
        lines += [f"### {number}. {_cell(f.criterion.name)}：{percent(f.below_share)} 的通话低于及格线", "",
                  f"- 胜任力：{competencies}", *(_training_lines(f.training)), ""]
    if not findings.common:
        lines += ["本期没有共性问题。", ""]
    lines += ["## 待开发的课程", ""]
    for f in findings.to_develop:
        lines.append(f"- {_cell(f.criterion.name)}（{f.rubric.id}）" + ("：共性问题，建议优先开发" if f.common else ""))
    if not findings.to_develop:
        lines.append("每个评分项考查的胜任力都有对应的课程或练习。")
    return "\n".join(lines) + "\n"


def _training_lines(training: Training) -> list[str]:
    return [f"- 课程：{_names(training.courses)}", f"- 情景模拟：{_names(training.scenarios)}",
            f"- 案例：{_names(training.cases)}", f"- 自测：{_names(training.self_checks)}"]


ASSIGNMENT_COLUMNS = ("agent", "activity", "due", "kind", "title", "criterion")


def assignments_csv(plans: list[AgentPlan]) -> str:
    """agent, activity (as learning records name it: course/<id>, scenario/<id>, case/<id>), due date, then the
    kind, title and criterion for people reading it."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ASSIGNMENT_COLUMNS)
    for plan in plans:
        for activity in plan.activities:
            writer.writerow([inert_cell(cell) for cell in (plan.agent, activity.activity, activity.due.isoformat(),
                                                           activity.kind, activity.title, activity.criterion)])
    return out.getvalue()
