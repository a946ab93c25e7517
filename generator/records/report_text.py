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
        subject, section = text("X1810", title=path.path.title, id=path.path.id), text("X1770")
        yield section, subject, text("X1771"), str(len(path.started)), ""
        yield section, subject, text("X1772"), str(len(path.days_to_finish)), ""
        days = sorted(path.days_to_finish.values())
        yield section, subject, text("X1773"), f"{statistics.median(days):g}" if days else "—", ""
        if path.path.target_days is not None:
            yield (section, subject, text("X1774", days=path.path.target_days), f"{path.within_target} / {len(days)}", "")
    for bank in report.banks:
        yield from _bank_rows(bank)
    for course in report.courses:
        if course.current or course.earlier_only:
            subject = text("X1811", title=course.title, id=course.course_id, version=course.version)
            yield text("X1775"), subject, text("X1776"), str(len(course.current)), ""
            yield text("X1775"), subject, text("X1777"), str(len(course.earlier_only)), ""
    for practice in report.practice:
        section = practice_section(practice.kind)
        subject = text("X1810", title=practice.title, id=practice.id)
        yield section, subject, text("X1780"), str(practice.attempts), ""
        yield section, subject, text("X1781"), f"{len(practice.passed_learners)} / {len(practice.learners)}", ""
        for _, name, points, mean in practice.criteria:
            yield section, subject, text("X1782", name=name), f"{_number(mean, 1)} / {points}", ""


def practice_section(kind: str) -> str:
    return text("X1778") if kind == "scenario" else text("X1779")


def attempt_label(number: int, groups: int = ATTEMPT_GROUPS) -> str:
    """第 n 次, the last group 第 n 次及以后."""
    return text("X1787" if number == groups else "X1786", number=number)


def question_sections() -> tuple[str, str]:
    """The sections of the item analysis and of the questions to revise (shown as tables and charts, not lines)."""
    return text("X1793"), text("X1798")


def _bank_rows(bank: BankReport) -> Iterator[Row]:
    subject, section = text("X1810", title=bank.bank.title, id=bank.bank.id), text("X1783")
    yield section, subject, text("X1784"), str(bank.attempts), ""
    if not bank.attempts:
        return
    yield section, subject, text("X1785"), _percent(bank.passed_attempts, bank.attempts), ""
    for number, (attempts, passed) in enumerate(bank.by_attempt, start=1):
        if attempts:
            yield (section, subject, text("X1788", which=attempt_label(number)),
                   text("X1789", share=_percent(passed, attempts), attempts=attempts, passed=passed), "")
    yield section, subject, text("X1781"), f"{len(bank.passed_learners)} / {len(bank.best)}", ""
    if bank.best:
        yield section, subject, text("X1790"), f"{statistics.fmean(bank.best.values()):.1f}%", ""
        yield section, subject, text("X1791"), f"{max(bank.best.values()):.1f}%", ""
    if bank.older_attempts:
        yield section, subject, text("X1792"), str(bank.older_attempts), ""
    analysis, revise = question_sections()
    for question in bank.questions:
        where = f"{bank.bank.file}:{question.question.line}"
        name = text("X1800", subject=subject, number=question.number, id=question.question.id)
        yield analysis, name, text("X1794"), str(question.answers), where
        yield analysis, name, text("X1795"), _number(question.difficulty), where
        yield analysis, name, text("X1796"), _number(question.discrimination), where
        for index, count in sorted(question.choice_picks.items()):
            if index < len(question.question.choices) and not question.question.choices[index].correct:
                yield analysis, name, text("X1797", letter=chr(65 + index)), str(count), where
        for flag in question.flags:
            yield revise, name, text("X1799"), flag, where


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
    picks = "、".join(text("X1803", letter=chr(65 + index), count=count)
                     for index, count in sorted(question.choice_picks.items())
                     if index < len(question.question.choices) and not question.question.choices[index].correct)
    return text("X1801", number=question.number, id=question.question.id, answers=question.answers,
                difficulty=_number(question.difficulty), discrimination=_number(question.discrimination),
                picks=text("X1802", picks=picks) if picks else "")


def _sections(report: RecordsReport) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """Headed groups of lines for people: one subject per group, empty subjects left out."""
    grouped: dict[str, dict[str, list[str]]] = {}
    split = split_values(report) if report.self_declared else {}
    for section, subject, measure, value, _ in report_rows(report):
        if section not in question_sections():
            if (section, subject, measure) in split:
                verified, declared = split[section, subject, measure]
                value = text("X1710", value=value, verified=verified, declared=declared)
            grouped.setdefault(section, {}).setdefault(subject, []).append(text("X1812", measure=measure, value=value))
    sections = [(title, list(subjects.items())) for title, subjects in grouped.items()]
    analysis = [(text("X1804", title=bank.bank.title, id=bank.bank.id, count=bank.first_attempts),
                 [_question_line(q) for q in bank.questions if q.answers]) for bank in report.banks if bank.first_attempts]
    if analysis:
        banks = text("X1783")
        position = next((i + 1 for i, (title, _) in enumerate(sections) if title == banks), len(sections))
        sections.insert(position, (text("X1793"), analysis))
    revise = [text("X1813", where=f"{bank.bank.file}:{q.question.line}", title=bank.bank.title, number=q.number,
                   id=q.question.id, flag=flag) for bank in report.banks for q in bank.questions for flag in q.flags]
    sections.append((text("X1805"), [("", revise or [text("X1806", count=MIN_ANSWERS)])]))
    return sections


def render_report(report: RecordsReport, form: str) -> str:
    if form == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(text("X1807").split("|"))
        split = split_values(report)
        writer.writerows(tuple(inert_cell(cell) for cell in (*row, *split.get(row[:3], ("—", "—")))) for row in report_rows(report))
        left_out = skipped_line(report)
        if left_out:
            left_out_section = text("X1808")
            writer.writerow((left_out_section, "", text("X1809"), str(sum(report.skipped.values())), "", "", ""))
            for code, count in sorted(report.skipped.items()):
                writer.writerow((left_out_section, "", inert_cell(text(code)), str(count), code, "", ""))
        return out.getvalue()
    markdown = form == "markdown"
    lines = [("# " if markdown else "") + heading(report)]
    if skipped_line(report):
        lines += ["", skipped_line(report)]
    for title, groups in _sections(report):
        lines += ["", f"## {title}" if markdown else text("X1833", title=title)]
        for subject, entries in groups:
            if subject:
                lines += ["", f"### {subject}" if markdown else subject]
            lines += [""] if markdown else []
            lines += [f"- {entry}" if markdown else f"  {entry}" for entry in entries]
    return "\n".join(lines) + "\n"
