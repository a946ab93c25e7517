"""A cohort on the site: its page (plan, goals, schedule, assessments by Kirkpatrick level, evaluation), its
calendar (.ics, made with icalendar, times in Asia/Shanghai), and the home page's current and upcoming
cohorts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import jinja2

from generator.model.entities import Curriculum
from generator.model.programme import Cohort, Session
from generator.render.evaluation import format_value, kpi_chart, learning_figures, metric_results, reaction_figures
from generator.render.urls import Links

TIMEZONE = "Asia/Shanghai"
KIRKPATRICK = (("reaction", "一级 · 反应"), ("learning", "二级 · 学习"), ("behaviour", "三级 · 行为"),
               ("results", "四级 · 结果"))


WEEKDAYS = "一二三四五六日"


def weekday(date: dt.date | None) -> str:
    return f"周{WEEKDAYS[date.weekday()]}" if date else ""


def calendar_file(cohort_id: str) -> str:
    return f"cohorts/{cohort_id}.ics"


def session_title(curriculum: Curriculum, session: Session) -> str:
    titles = [curriculum.course_by_id[r.id].title for r in session.courses if r.id in curriculum.course_by_id]
    return "、".join(titles) if titles else session.activity.split("：")[0][:40]


def cohort_calendar(curriculum: Curriculum, cohort: Cohort, stamp: dt.date, site_url: str = "") -> bytes:
    """Every session as an event, in Asia/Shanghai time with its VTIMEZONE; the same content gives the
    same bytes (stable UIDs, DTSTAMP from the build date)."""
    from icalendar import Calendar, Event

    zone = ZoneInfo(TIMEZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//training-portal//cohort calendar//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _one_line(cohort.title))
    calendar.add("x-wr-timezone", TIMEZONE)
    for index, session in enumerate(cohort.sessions):
        starts, ends = session.start_datetime(), session.end_datetime()
        if starts is None or ends is None:
            continue
        event = Event()
        event.add("uid", f"{cohort.id}-{index + 1}@training-portal")
        event.add("dtstamp", dt.datetime.combine(stamp, dt.time(0, 0), tzinfo=dt.UTC))
        event.add("dtstart", starts.replace(tzinfo=zone))
        event.add("dtend", ends.replace(tzinfo=zone))
        event.add("summary", _one_line(f"{cohort.title}：{session_title(curriculum, session)}"))
        if session.place:
            event.add("location", _one_line(session.place))
        details = [f"{label}：{value}" for label, value in (
            ("阶段", session.phase), ("内容", session.activity), ("讲师", session.trainer),
            ("对象", session.participants), ("负责人", session.owner)) if value]
        if site_url:
            details.append(f"培训班页面：{site_url.rstrip('/')}/{calendar_file(cohort.id)[:-4]}/")
        if details:
            event.add("description", _text("\n".join(details)))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _text(value: str) -> str:
    """An RFC 5545 TEXT value: no control character but the line feed, which icalendar writes as \\n (a bare
    carriage return would be written as it is and break the line)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(character for character in value if character == "\n" or unicodedata.category(character) != "Cc")


def _one_line(value: str) -> str:
    return " ".join(_text(value).split("\n"))


@dataclass(frozen=True)
class CohortStatus:
    label: str  # 进行中, 即将开始, 已结束
    key: str


def cohort_status(cohort: Cohort, today: dt.date) -> CohortStatus:
    if cohort.start and today < cohort.start:
        return CohortStatus("即将开始", "upcoming")
    if cohort.end and today > cohort.end:
        return CohortStatus("已结束", "finished")
    return CohortStatus("进行中", "running")


@dataclass(frozen=True)
class ScheduleWeek:
    """The sessions of one calendar week (Monday to Sunday) of a cohort, counted from its first week."""

    number: int | None  # None: sessions without a date
    monday: dt.date | None
    sessions: tuple[Session, ...]

    @property
    def sunday(self) -> dt.date | None:
        return self.monday + dt.timedelta(days=6) if self.monday else None

    @property
    def label(self) -> str:
        if self.monday is None:
            return f"日期待定（{len(self.sessions)} 场）"
        dates = [s.date for s in self.sessions if s.date]
        return f"第 {self.number} 周 · {min(dates):%m-%d} 至 {max(dates):%m-%d}（{len(self.sessions)} 场）"


def schedule_weeks(cohort: Cohort) -> list[ScheduleWeek]:
    """Sessions grouped by calendar week in schedule order; a long schedule reads week by week on a phone."""
    dated = [(s.date, s) for s in cohort.sessions if s.date]
    first = min((date for date, _ in dated), default=None)
    weeks: dict[dt.date, list[Session]] = {}
    for date, session in dated:
        weeks.setdefault(date - dt.timedelta(days=date.weekday()), []).append(session)
    found = []
    if first is not None:
        start = first - dt.timedelta(days=first.weekday())
        found = [ScheduleWeek((monday - start).days // 7 + 1, monday, tuple(sessions))
                 for monday, sessions in sorted(weeks.items())]
    undated = tuple(s for s in cohort.sessions if not s.date)
    return found + ([ScheduleWeek(None, None, undated)] if undated else [])


def learning_assessments(curriculum: Curriculum, cohort: Cohort) -> list[tuple[str, str, str, str | None]]:
    """(id, kind, title, scenario id to link) of each level-2 assessment, for the page and the paper alike; exam
    banks by their title only."""
    items: list[tuple[str, str, str, str | None]] = []
    for ref in cohort.assessments.learning:
        if ref.id in curriculum.quiz_by_id:
            bank = curriculum.quiz_by_id[ref.id]
            items.append((ref.id, "笔试" if bank.is_exam else "自测", bank.title, None))
        elif ref.id in curriculum.rubric_by_id:
            items.append((ref.id, "实操评分", curriculum.rubric_by_id[ref.id].title, None))
        elif ref.id in curriculum.scenario_by_id:
            items.append((ref.id, "情景模拟", curriculum.scenario_by_id[ref.id].title, ref.id))
    return items


def render_cohort(env: jinja2.Environment, curriculum: Curriculum, cohort: Cohort, links: Links,
                  today: dt.date) -> str:
    evaluation = curriculum.evaluation_by_cohort.get(cohort.id)
    results = metric_results(cohort, evaluation) if evaluation else []
    return env.get_template("training/cohort.html").render(
        curriculum=curriculum, cohort=cohort, links=links, today=today, status=cohort_status(cohort, today),
        calendar=links.asset(calendar_file(cohort.id)), learning=learning_assessments(curriculum, cohort),
        surveys=[curriculum.survey_by_id[r.id] for r in cohort.assessments.reaction if r.id in curriculum.survey_by_id],
        results=results, charts=[kpi_chart(result) for result in results], value=format_value,
        reaction=reaction_figures(curriculum, cohort), learning_figures=learning_figures(curriculum, cohort),
        kirkpatrick=dict(KIRKPATRICK), weekday=weekday, weeks=schedule_weeks(cohort),
    )


def current_cohorts(curriculum: Curriculum, today: dt.date) -> list[tuple[Cohort, CohortStatus]]:
    """Running and upcoming cohorts, soonest first (for the home page)."""
    found = [(cohort, cohort_status(cohort, today)) for cohort in curriculum.cohorts]
    found = [(cohort, status) for cohort, status in found if status.key != "finished"]
    return sorted(found, key=lambda item: (item[0].start or dt.date.max, item[0].title))
