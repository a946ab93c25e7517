"""The records report as trainers read it: plain text for the terminal, Markdown for a wiki or an issue, CSV
(one measure per row) for a spreadsheet. Questions to revise name their file and line. Every figure is also
given over verified (signed-in) and self-declared learners apart, and the statements left out are counted
with their reasons."""

from __future__ import annotations

import csv
import io
import statistics
from collections.abc import Iterator

from generator.messages import counted, text
from generator.records.report import ATTEMPT_GROUPS, MIN_ANSWERS, BankReport, QuestionReport, RecordsReport

Row = tuple[str, str, str, str, str]  # section, subject, measure, value, where (file:line)


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def report_rows(report: RecordsReport) -> Iterator[Row]:
    for path in report.paths:
        subject = f"{path.path.title}（{path.path.id}）"
        yield "学习路径", subject, "已开始", str(len(path.started)), ""
        yield "学习路径", subject, "已完成", str(len(path.days_to_finish)), ""
        days = sorted(path.days_to_finish.values())
        yield "学习路径", subject, "完成天数中位数", f"{statistics.median(days):g}" if days else "—", ""
        if path.path.target_days is not None:
            yield ("学习路径", subject, f"在目标 {path.path.target_days} 天内完成",
                   f"{path.within_target} / {len(days)}", "")
    for bank in report.banks:
        yield from _bank_rows(bank)
    for course in report.courses:
        if course.current or course.earlier_only:
            subject = f"{course.title}（{course.course_id}，第 {course.version} 版）"
            yield "课程", subject, "已完成当前版本", str(len(course.current)), ""
            yield "课程", subject, "只完成过旧版本", str(len(course.earlier_only)), ""
    for practice in report.practice:
        section = "情景模拟" if practice.kind == "scenario" else "实操考核"
        subject = f"{practice.title}（{practice.id}）"
        yield section, subject, "次数", str(practice.attempts), ""
        yield section, subject, "通过人数", f"{len(practice.passed_learners)} / {len(practice.learners)}", ""
        for _, name, points, mean in practice.criteria:
            yield section, subject, f"{name}平均分", f"{_number(mean, 1)} / {points}", ""


def _bank_rows(bank: BankReport) -> Iterator[Row]:
    subject = f"{bank.bank.title}（{bank.bank.id}）"
    yield "自测题库", subject, "作答次数", str(bank.attempts), ""
    if not bank.attempts:
        return
    yield "自测题库", subject, "通过率（按次）", _percent(bank.passed_attempts, bank.attempts), ""
    for number, (attempts, passed) in enumerate(bank.by_attempt, start=1):
        if attempts:
            which = f"第 {number} 次" + ("及以后" if number == ATTEMPT_GROUPS else "")
            yield "自测题库", subject, f"{which}作答的通过率", f"{_percent(passed, attempts)}（{attempts} 次中 {passed} 次）", ""
    yield "自测题库", subject, "通过人数", f"{len(bank.passed_learners)} / {len(bank.best)}", ""
    if bank.best:
        yield "自测题库", subject, "最好成绩平均", f"{statistics.fmean(bank.best.values()):.1f}%", ""
        yield "自测题库", subject, "最好成绩最高", f"{max(bank.best.values()):.1f}%", ""
    if bank.older_attempts:
        yield "自测题库", subject, "旧版本作答（不计入试题分析）", str(bank.older_attempts), ""
    for question in bank.questions:
        where = f"{bank.bank.file}:{question.question.line}"
        name = f"{subject} 第 {question.number} 题（{question.question.id}）"
        yield "试题分析", name, "首次作答人数", str(question.answers), where
        yield "试题分析", name, "难度（答对比例）", _number(question.difficulty), where
        yield "试题分析", name, "区分度（点二列相关）", _number(question.discrimination), where
        for index, count in sorted(question.choice_picks.items()):
            if index < len(question.question.choices) and not question.question.choices[index].correct:
                yield "试题分析", name, f"选择干扰项 {chr(65 + index)}", str(count), where
        for flag in question.flags:
            yield "待修订", name, "原因", flag, where


def inert_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text: titles come from the repository, and a cell starting with = + - @
    would run as a formula where the CSV is opened."""
    if cell[:1] not in ("=", "+", "-", "@", "\t", "\r"):
        return cell
    try:
        float(cell)
        return cell  # a plain number (a negative discrimination) stays a number
    except ValueError:
        return "'" + cell


def heading(report: RecordsReport) -> str:
    scope = text("X1711", title=report.cohort.title, id=report.cohort.id) if report.cohort else text("X1712")
    since = text("X1713", day=report.since.isoformat()) if report.since else ""
    verified = len(report.verified.learners) if report.verified else len(report.learners - report.self_declared)
    declared = len(report.declared.learners) if report.declared else len(report.self_declared)
    split = text("X1708", verified=verified, declared=declared) if declared else text("X1709") if verified else ""
    return text("X1707", scope=scope, since=since, count=len(report.learners),
                count_en=counted(len(report.learners), "learner"), split=split)


def skipped_line(report: RecordsReport) -> str:
    """How many statements the report left out, and why ("" when none)."""
    total = sum(report.skipped.values())
    if not total:
        return ""
    reasons = "；".join(text("X1706", reason=text(code), count=count) for code, count in sorted(report.skipped.items()))
    return text("X1705", count=total, count_en=counted(total, "statement"), reasons=reasons)


def split_values(report: RecordsReport) -> dict[tuple[str, str, str], tuple[str, str]]:
    """(section, subject, measure) -> the value over verified and over self-declared learners ("—" where the
    part has no such row)."""
    parts = []
    for part in (report.verified, report.declared):
        parts.append({row[:3]: row[3] for row in report_rows(part)} if part else {})
    return {key: (parts[0].get(key, "—"), parts[1].get(key, "—")) for key in parts[0].keys() | parts[1].keys()}


def _question_line(question: QuestionReport) -> str:
    picks = "、".join(f"{chr(65 + index)} {count} 次" for index, count in sorted(question.choice_picks.items())
                     if index < len(question.question.choices) and not question.question.choices[index].correct)
    return (f"第 {question.number} 题（{question.question.id}）：{question.answers} 人首次作答，"
            f"难度 {_number(question.difficulty)}，区分度 {_number(question.discrimination)}"
            + (f"，错误选项 {picks}" if picks else ""))


def _sections(report: RecordsReport) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Headed groups of lines for people: one subject per group, empty subjects left out."""
    grouped: dict[str, dict[str, list[str]]] = {}
    split = split_values(report) if report.self_declared else {}
    for section, subject, measure, value, _ in report_rows(report):
        if section not in ("试题分析", "待修订"):
            if (section, subject, measure) in split:
                verified, declared = split[section, subject, measure]
                value = text("X1710", value=value, verified=verified, declared=declared)
            grouped.setdefault(section, {}).setdefault(subject, []).append(f"{measure}：{value}")
    sections = [(title, list(subjects.items())) for title, subjects in grouped.items()]
    analysis = [(f"{bank.bank.title}（{bank.bank.id}），{bank.first_attempts} 人首次作答当前版本",
                 [_question_line(q) for q in bank.questions if q.answers]) for bank in report.banks if bank.first_attempts]
    if analysis:
        position = next((i + 1 for i, (title, _) in enumerate(sections) if title == "自测题库"), len(sections))
        sections.insert(position, ("试题分析", analysis))
    revise = [f"{bank.bank.file}:{q.question.line}：{bank.bank.title} 第 {q.number} 题（{q.question.id}）：{flag}"
              for bank in report.banks for q in bank.questions for flag in q.flags]
    sections.append(("待修订的试题", [("", revise or [f"没有需要修订的试题（每题至少 {MIN_ANSWERS} 人首次作答后才判断）。"])]))
    return sections


def render_report(report: RecordsReport, form: str) -> str:
    if form == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("部分", "对象", "指标", "数值", "位置", "已验证", "本人填写"))
        split = split_values(report)
        writer.writerows(tuple(inert_cell(cell) for cell in (*row, *split.get(row[:3], ("—", "—")))) for row in report_rows(report))
        left_out = skipped_line(report)
        if left_out:
            writer.writerow(("已跳过的记录", "", "条数", str(sum(report.skipped.values())), "", "", ""))
            for code, count in sorted(report.skipped.items()):
                writer.writerow(("已跳过的记录", "", inert_cell(text(code)), str(count), code, "", ""))
        return out.getvalue()
    markdown = form == "markdown"
    lines = [("# " if markdown else "") + heading(report)]
    if skipped_line(report):
        lines += ["", skipped_line(report)]
    for title, groups in _sections(report):
        lines += ["", f"## {title}" if markdown else f"【{title}】"]
        for subject, entries in groups:
            if subject:
                lines += ["", f"### {subject}" if markdown else subject]
            lines += [""] if markdown else []
            lines += [f"- {entry}" if markdown else f"  {entry}" for entry in entries]
    return "\n".join(lines) + "\n"
