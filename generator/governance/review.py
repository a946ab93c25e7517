"""Which courses are past their review date or due soon, by owner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.messages import language
from generator.model.entities import Course, Curriculum

DUE_WITHIN_DAYS = 30


@dataclass
class OwnerReview:
    owner: str
    stale: list[Course] = field(default_factory=list)
    due_soon: list[Course] = field(default_factory=list)


@dataclass
class ReviewReport:
    today: dt.date
    within: int
    owners: list[OwnerReview]
    total_courses: int

    @property
    def stale(self) -> list[Course]:
        return [course for owner in self.owners for course in owner.stale]

    @property
    def due_soon(self) -> list[Course]:
        return [course for owner in self.owners for course in owner.due_soon]


def review_report(curriculum: Curriculum, today: dt.date, within: int = DUE_WITHIN_DAYS) -> ReviewReport:
    by_owner: dict[str, OwnerReview] = {}
    horizon = today + dt.timedelta(days=min(within, (dt.date.max - today).days))
    for course in sorted(curriculum.courses, key=lambda c: (c.review_due, c.title)):
        if course.is_stale(today):
            by_owner.setdefault(course.owner, OwnerReview(course.owner)).stale.append(course)
        elif course.review_due <= horizon:
            by_owner.setdefault(course.owner, OwnerReview(course.owner)).due_soon.append(course)
    owners = sorted(by_owner.values(), key=lambda o: (-len(o.stale), -len(o.due_soon), o.owner))
    return ReviewReport(today, within, owners, len(curriculum.courses))


def _overdue(course: Course, today: dt.date) -> str:
    days = (today - course.review_due).days
    return f"逾期 {days} 天" if days > 0 else "今天到期"


def format_text(report: ReviewReport) -> str:
    if language() == "en":
        return _format_text_en(report)
    lines = [f"内容复核（{report.today}）：{len(report.stale)} 门已过复核期，{len(report.due_soon)} 门将在 {report.within} 天内"
             f"到期，共 {report.total_courses} 门课程。"]
    for owner in report.owners:
        lines.append(f"\n{owner.owner}")
        for course in owner.stale:
            lines.append(f"  已过期  {course.id}  {course.title}  上次复核 {course.reviewed}，应于 {course.review_due} 复核"
                         f"（逾期 {(report.today - course.review_due).days} 天）  {course.file}")
        for course in owner.due_soon:
            lines.append(f"  将到期  {course.id}  {course.title}  应于 {course.review_due} 复核"
                         f"（还有 {(course.review_due - report.today).days} 天）  {course.file}")
    if not report.owners:
        lines.append("所有课程都在复核期内，近期没有到期的课程。")
    return "\n".join(lines) + "\n"


def _format_text_en(report: ReviewReport) -> str:
    lines = [f"Content review on {report.today}: {len(report.stale)} stale, {len(report.due_soon)} due within "
             f"{report.within} days, {report.total_courses} courses in all."]
    for owner in report.owners:
        lines.append(f"\n{owner.owner}")
        for course in owner.stale:
            lines.append(f"  STALE  {course.id}  {course.title}  reviewed {course.reviewed}, due {course.review_due} "
                         f"({(report.today - course.review_due).days} days overdue)  {course.file}")
        for course in owner.due_soon:
            lines.append(f"  DUE    {course.id}  {course.title}  due {course.review_due} "
                         f"(in {(course.review_due - report.today).days} days)  {course.file}")
    if not report.owners:
        lines.append("Every course is reviewed and none is due soon.")
    return "\n".join(lines) + "\n"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def format_markdown(report: ReviewReport) -> str:
    lines = [
        f"## 内容复核报告（{report.today}）",
        "",
        f"共 {report.total_courses} 门课程：**{len(report.stale)} 门已过复核期**，"
        f"{len(report.due_soon)} 门将在 {report.within} 天内到期。",
    ]
    if not report.owners:
        return "\n".join(lines + ["", "所有课程都在复核期内。"]) + "\n"
    for owner in report.owners:
        lines += ["", f"### {_cell(owner.owner)}", "", "| 状态 | 课程 | 上次复核 | 应复核日期 | 文件 |", "| --- | --- | --- | --- | --- |"]
        for course in owner.stale:
            lines.append(f"| 已过期（{_overdue(course, report.today)}） | {_cell(course.title)} (`{course.id}`) | "
                         f"{course.reviewed} | {course.review_due} | `{course.file}` |")
        for course in owner.due_soon:
            lines.append(f"| {(course.review_due - report.today).days} 天后到期 | {_cell(course.title)} (`{course.id}`) | "
                         f"{course.reviewed} | {course.review_due} | `{course.file}` |")
    return "\n".join(lines) + "\n"
