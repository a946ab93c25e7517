"""The training department's dashboard: `records report --format html --out <folder>` writes <folder>/index.html,
one self-contained page (inline CSS, charts as inline SVG drawn here, no script, nothing fetched from
anywhere), to open from disk or serve behind the department's own login (deploy/nginx/
training-records-dashboard.conf). It holds learners' names: never inside the portal's content or site.

Charts: path completion over time per cohort with the target days; pass rate by attempt per bank; question
difficulty against discrimination, flagged questions linked to their file and line; scenario and classroom
scores per rubric criterion. Tables: the report's figures (verified and self-declared apart), the questions to
revise and who is overdue. Every text is escaped by Jinja (statements are untrusted: learner-written names)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.messages import text
from generator.model.layout import ContentLayout
from generator.records.report import (
    CHINA,
    LOW_DISCRIMINATION,
    TOO_EASY,
    TOO_HARD,
    BankReport,
    CohortPath,
    CriteriaReport,
    PathReport,
    QuestionReport,
    RecordsReport,
)
from generator.records.report_text import (
    attempt_label,
    heading,
    practice_section,
    question_sections,
    report_rows,
    skipped_line,
    split_values,
)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "training" / "records"
MARKER = ".training-records-dashboard"  # a folder holding it was written by this command and may be replaced
# Okabe–Ito: told apart with any colour vision.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MAX_DAYS = 366  # the completion chart's last day (later completions are counted at its edge)


class DashboardError(Exception):
    """The dashboard's folder or an option is unusable; the message says why."""


# --- geometry -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """A chart's drawing area inside a viewBox of `width` x `height`."""
    width: int = 380
    height: int = 250
    left: int = 46
    right: int = 14
    top: int = 26
    bottom: int = 40

    @property
    def inner_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def inner_height(self) -> float:
        return self.height - self.top - self.bottom

    def x(self, share: float) -> float:
        return round(self.left + share * self.inner_width, 1)

    def y(self, share: float) -> float:
        return round(self.top + (1 - share) * self.inner_height, 1)


@dataclass
class Series:
    name: str
    colour: str
    points: str  # SVG polyline points
    starters: int
    finished: int
    within_target: int | None
    dash: str = ""


@dataclass
class LineChart:
    id: str
    title: str
    caption: str
    frame: Frame
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    series: list[Series]
    target: tuple[float, str] | None


@dataclass
class Bar:
    label: str
    x: float
    y: float
    width: float
    height: float
    value: str
    tip: str


@dataclass
class BarChart:
    id: str
    title: str
    caption: str
    frame: Frame
    bars: list[Bar]
    y_ticks: list[tuple[float, str]]
    horizontal: bool = False


@dataclass
class Point:
    x: float
    y: float
    label: str
    tip: str
    flagged: bool
    anchor: str


@dataclass
class Scatter:
    id: str
    title: str
    caption: str
    frame: Frame
    points: list[Point]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    zones: list[tuple[float, float, float, float]]  # x, y, width, height of the areas that flag a question
    unplotted: int  # questions answered but without a discrimination (everyone right, or everyone wrong)


def _anchor(*parts: str) -> str:
    """An element id from content ids (any text): readable where it can be, unique by a hash."""
    joined = "/".join(parts)
    readable = re.sub(r"[^A-Za-z0-9_-]+", "-", joined)[:60].strip("-")
    return f"q-{readable}-{hashlib.sha256(joined.encode('utf-8')).hexdigest()[:8]}"


def _percent_ticks(frame: Frame, axis: str) -> list[tuple[float, str]]:
    return [(frame.y(share) if axis == "y" else frame.x(share), f"{round(share * 100)}%") for share in (0, 0.25, 0.5, 0.75, 1)]


def completion_series(path: PathReport, days: int) -> list[float]:
    """The share of the path's starters who finished it within 1, 2, … `days` days of their first day."""
    starters = len(path.started)
    finished = sorted(min(value, days) for value in path.days_to_finish.values())
    shares, index = [], 0
    for day in range(1, days + 1):
        while index < len(finished) and finished[index] <= day:
            index += 1
        shares.append(index / starters if starters else 0.0)
    return shares


def completion_chart(path: PathReport, cohorts: list[CohortPath], number: int) -> LineChart | None:
    parts = [(text("X1822"), path)] + [(text("X1810", title=c.cohort.title, id=c.cohort.id), c.path)
                                       for c in cohorts if c.path.started]
    if not path.started:
        return None
    target = path.path.target_days
    longest = max([*(d for _, p in parts for d in p.days_to_finish.values()), (target or 0) * 2, 7])
    days = min(longest, MAX_DAYS)
    frame = Frame()
    series = []
    for index, (name, part) in enumerate(parts):
        shares = completion_series(part, days)
        # A step line: the share holds until the next day's.
        coordinates = [(frame.x(0), frame.y(0))]
        for day, share in enumerate(shares, start=1):
            coordinates += [(frame.x((day - 1) / days), frame.y(share)), (frame.x(day / days), frame.y(share))]
        series.append(Series(name, COLOURS[index % len(COLOURS)], " ".join(f"{x},{y}" for x, y in coordinates),
                             len(part.started), len(part.days_to_finish), part.within_target,
                             "" if index == 0 else "6 3" if index % 2 else ""))
    step = max(1, days // 6)
    x_ticks = [(frame.x(day / days), str(day)) for day in range(0, days + 1, step)]
    return LineChart(
        f"path-{number}", text("X1810", title=path.path.title, id=path.path.id),
        text("X1823", started=len(path.started), finished=len(path.days_to_finish),
             target=text("X1824", days=target) if target else ""),
        frame, x_ticks, _percent_ticks(frame, "y"), series,
        (frame.x(min(target, days) / days), text("X1825", days=target)) if target else None)


def attempts_chart(bank: BankReport, number: int) -> BarChart | None:
    groups = [(n, a, p) for n, (a, p) in enumerate(bank.by_attempt, start=1) if a]
    if not groups:
        return None
    frame = Frame()
    slot = frame.inner_width / len(bank.by_attempt)
    bars = []
    for n, attempts, passed in groups:
        share = passed / attempts
        label = attempt_label(n, len(bank.by_attempt))
        bars.append(Bar(label, round(frame.left + (n - 1) * slot + slot * 0.2, 1), frame.y(share), round(slot * 0.6, 1),
                        round(frame.y(0) - frame.y(share), 1), f"{share:.0%}",
                        text("X1826", label=label, attempts=attempts, passed=passed, share=f"{share:.0%}")))
    return BarChart(f"bank-{number}", text("X1810", title=bank.bank.title, id=bank.bank.id),
                    text("X1827", attempts=bank.attempts), frame, bars, _percent_ticks(frame, "y"))


def items_chart(bank: BankReport, number: int) -> Scatter | None:
    answered = [q for q in bank.questions if q.answers and q.difficulty is not None]
    if not answered:
        return None
    frame = Frame(left=52)

    def y(value: float) -> float:  # discrimination from -1 to 1
        return frame.y((value + 1) / 2)

    points = []
    for question in answered:
        if question.discrimination is None:
            continue
        discrimination = max(-1.0, min(1.0, question.discrimination))
        difficulty = question.difficulty or 0.0
        tip = text("X1828", number=question.number, id=question.question.id, difficulty=f"{difficulty:.2f}",
                   discrimination=f"{discrimination:.2f}", answers=question.answers,
                   flags="；" + "；".join(question.flags) if question.flags else "")
        points.append(Point(frame.x(difficulty), y(discrimination), str(question.number), tip, bool(question.flags),
                            _anchor(bank.bank.id, question.question.id)))
    zones = [(frame.x(0), frame.top, frame.x(TOO_HARD) - frame.x(0), frame.inner_height),
             (frame.x(TOO_EASY), frame.top, frame.x(1) - frame.x(TOO_EASY), frame.inner_height),
             (frame.x(0), y(LOW_DISCRIMINATION), frame.inner_width, y(-1) - y(LOW_DISCRIMINATION))]
    return Scatter(f"items-{number}", text("X1810", title=bank.bank.title, id=bank.bank.id),
                   text("X1829", count=bank.first_attempts),
                   frame, points, [(frame.x(v), f"{v:g}") for v in (0, 0.25, 0.5, 0.75, 1)],
                   [(y(v), f"{v:g}") for v in (-1, -0.5, 0, 0.5, 1)], zones, len(answered) - len(points))


def criteria_chart(practice: CriteriaReport, number: int) -> BarChart | None:
    rows = [(name, points, mean) for _, name, points, mean in practice.criteria if mean is not None and points]
    if not rows:
        return None
    row_height = 34
    frame = Frame(height=10 + 30 + row_height * len(rows), left=96, right=64, top=10, bottom=30)
    bars = []
    for index, (name, points, mean) in enumerate(rows):
        share = max(0.0, min(1.0, mean / points))
        top = frame.top + index * row_height + 6
        bars.append(Bar(name, frame.x(0), top, round(frame.x(share) - frame.x(0), 1), row_height - 12,
                        f"{mean:.1f} / {points}",
                        text("X1830", name=name, mean=f"{mean:.1f}", points=points, share=f"{share:.0%}")))
    return BarChart(f"{practice.kind}-{number}",
                    text("X1831", kind=practice_section(practice.kind), title=practice.title, id=practice.id),
                    text("X1832", attempts=practice.attempts, passed=len(practice.passed_learners),
                         learners=len(practice.learners)), frame, bars, _percent_ticks(frame, "x"), horizontal=True)


# --- the page -------------------------------------------------------------------------------------------

@dataclass
class Flagged:
    anchor: str
    bank: str
    question: QuestionReport
    where: str
    link: str | None


@dataclass
class Dashboard:
    heading: str
    skipped: str
    generated: str
    today: str
    completion: list[LineChart] = field(default_factory=list)
    attempts: list[BarChart] = field(default_factory=list)
    items: list[Scatter] = field(default_factory=list)
    criteria: list[BarChart] = field(default_factory=list)
    figures: list[tuple[str, str, str, str, str, str, str]] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)


def check_source_link(template: str | None) -> None:
    if template is None:
        return
    if not template.startswith(("https://", "http://")) or "{file}" not in template:
        raise DashboardError(text("X1762", value=template))


def _source_link(template: str | None, file: str, line: int) -> str | None:
    if template is None:
        return None
    from urllib.parse import quote

    return template.replace("{file}", quote(file)).replace("{line}", str(line))


def dashboard(report: RecordsReport, source_link: str | None = None, now: dt.datetime | None = None) -> Dashboard:
    page = Dashboard(heading(report), skipped_line(report), (now or dt.datetime.now(CHINA)).strftime("%Y-%m-%d %H:%M"),
                     report.today.isoformat() if report.today else "")
    for number, path in enumerate(report.paths, start=1):
        chart = completion_chart(path, [c for c in report.cohort_paths if c.path.path.id == path.path.id], number)
        if chart:
            page.completion.append(chart)
    for number, bank in enumerate(report.banks, start=1):
        bars, scatter = attempts_chart(bank, number), items_chart(bank, number)
        if bars:
            page.attempts.append(bars)
        if scatter:
            page.items.append(scatter)
        for question in bank.questions:
            if question.flags:
                page.flagged.append(Flagged(_anchor(bank.bank.id, question.question.id),
                                            text("X1810", title=bank.bank.title, id=bank.bank.id), question,
                                            f"{bank.bank.file}:{question.question.line}",
                                            _source_link(source_link, bank.bank.file, question.question.line)))
    for number, practice in enumerate(report.practice, start=1):
        criteria = criteria_chart(practice, number)
        if criteria:
            page.criteria.append(criteria)
    split = split_values(report)
    for section, subject, measure, value, where in report_rows(report):
        if section in question_sections():
            continue  # in the charts and the table of questions to revise
        verified, declared = split.get((section, subject, measure), ("—", "—"))
        page.figures.append((section, subject, measure, value, verified, declared, where))
    return page


def render_dashboard(report: RecordsReport, source_link: str | None = None, now: dt.datetime | None = None) -> str:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("dashboard.html").render(page=dashboard(report, source_link, now), report=report)


# --- the folder -----------------------------------------------------------------------------------------

def check_dashboard_folder(out: Path, layout: ContentLayout) -> Path:
    """The folder to write, made absolute; DashboardError when it is (or is inside) a link, inside what the portal
    publishes or reads as content, or an existing folder this command did not write."""
    absolute = Path(os.path.abspath(out))
    for folder in (absolute, *absolute.parents):
        if folder.is_symlink():
            raise DashboardError(text("X1757", out=out, reason=text("X1758")))
    root = layout.root.resolve()
    private = [layout.docs, root / layout.assessments_dir, *(root / name for name in layout.output_dirs)]
    if layout.overrides_dir:
        private.append(root / layout.overrides_dir)
    for inside in private:
        inside = inside.resolve()
        if absolute == inside or absolute.is_relative_to(inside) or inside.is_relative_to(absolute):
            raise DashboardError(text("X1757", out=out, reason=text("X1761", inside=inside)))
    if absolute.exists() and (not absolute.is_dir() or (any(absolute.iterdir()) and not (absolute / MARKER).is_file())):
        raise DashboardError(text("X1757", out=out, reason=text("X1759")))
    return absolute


def write_dashboard(report: RecordsReport, out: Path, source_link: str | None = None) -> Path:
    """Writes `out`/index.html whole or not at all (a new folder beside `out`, then swapped in); the file written."""
    page = render_dashboard(report, source_link)
    parent = out.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
        try:
            (staging / "index.html").write_text(page, encoding="utf-8")
            (staging / MARKER).write_text("records report --format html\n", encoding="utf-8")
            staging.chmod(0o755)
            old = None
            if out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=parent))
                os.replace(out, old / "dashboard")
            try:
                os.replace(staging, out)
            except OSError:
                if old is not None:
                    os.replace(old / "dashboard", out)  # the earlier dashboard stays
                raise
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    except OSError as error:
        raise DashboardError(text("X1757", out=out, reason=error.strerror or error)) from None
    return out / "index.html"
