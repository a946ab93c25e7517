"""Running a programme: cohorts (plan, goals, schedule, assessments, budget), reaction surveys and the
aggregate evaluation figures of a cohort. Reading one file into its dataclasses; the cross-file rules
live in programme_checks.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from generator.errors import ProblemLog
from generator.messages import describe, one_of, text
from generator.model.entities import Ref
from generator.model.fields import FieldReader
from generator.model.personal_data import personal_data_in
from generator.model.source import LineDict, LineList

BUDGET_KINDS = ("direct", "indirect")
SURVEY_TYPES = ("likert", "single", "multiple", "open")
EVALUATION_COLUMNS = ("metric", "group", "before", "after", "unit")
# Levels 1 and 2 (an extension of the contract, in the 编写指南): <cohort id>.reaction.csv, <cohort id>.learning.csv.
REACTION_COLUMNS = ("survey", "item", "responses", "mean")
LEARNING_COLUMNS = ("assessment", "participants", "passed", "mean")
EVALUATION_KINDS = {"": EVALUATION_COLUMNS, "reaction": REACTION_COLUMNS, "learning": LEARNING_COLUMNS}
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–—~至]\s*(\d{1,2}):(\d{2})\s*$")


@dataclass
class Goal:
    line: int
    metric: str
    baseline: str
    target: str
    by: dt.date | None
    measured_by: str


@dataclass
class Session:
    line: int
    date: dt.date | None
    time: str
    starts: dt.time | None
    ends: dt.time | None
    phase: str
    courses: list[Ref]
    activity: str
    format: Ref | None
    trainer: str
    place: str
    participants: str
    owner: str
    time_line: int = 0

    @property
    def minutes(self) -> int:
        if self.starts is None or self.ends is None:
            return 0
        return (self.ends.hour * 60 + self.ends.minute) - (self.starts.hour * 60 + self.starts.minute)

    def start_datetime(self) -> dt.datetime | None:
        return dt.datetime.combine(self.date, self.starts) if self.date and self.starts else None

    def end_datetime(self) -> dt.datetime | None:
        return dt.datetime.combine(self.date, self.ends) if self.date and self.ends else None

    def people(self) -> list[str]:
        """The trainers of a session, one by one (王主管、孙组长 are two)."""
        return [name.strip() for name in re.split(r"[、，,/；;]", self.trainer) if name.strip()]


@dataclass
class BudgetLine:
    line: int
    kind: str
    item: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    note: str

    @property
    def amount(self) -> Decimal:
        return self.quantity * self.unit_price


@dataclass
class CohortAssessments:
    reaction: list[Ref] = field(default_factory=list)  # surveys (Kirkpatrick level 1)
    learning: list[Ref] = field(default_factory=list)  # quiz banks, rubrics, scenarios (level 2)
    behaviour: str = ""  # level 3, Markdown
    results: list[str] = field(default_factory=list)  # level 4 metrics


@dataclass
class Cohort:
    file: str
    line: int
    id: str
    title: str
    audience: list[Ref]
    paths: list[Ref]
    start: dt.date | None
    end: dt.date | None
    owner: str
    participants: int | None
    needs: str
    goals: list[Goal]
    sessions: list[Session]
    assessments: CohortAssessments
    contingency: int
    budget: list[BudgetLine]
    start_line: int = 0
    end_line: int = 0

    @property
    def direct(self) -> Decimal:
        return sum((line.amount for line in self.budget if line.kind == "direct"), Decimal(0))

    @property
    def indirect(self) -> Decimal:
        return sum((line.amount for line in self.budget if line.kind == "indirect"), Decimal(0))

    @property
    def subtotal(self) -> Decimal:
        return self.direct + self.indirect

    @property
    def reserve(self) -> Decimal:
        """The contingency: a percentage of the subtotal, to the yuan."""
        return (self.subtotal * self.contingency / 100).quantize(Decimal(1))

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.reserve

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1 if self.start and self.end else 0

    def trainers(self) -> list[str]:
        return list(dict.fromkeys(name for session in self.sessions for name in session.people()))


@dataclass
class SurveyItem:
    line: int
    id: str
    type: str
    prompt: str
    choices: list[str] = field(default_factory=list)


@dataclass
class Survey:
    file: str
    line: int
    id: str
    title: str
    items: list[SurveyItem]


@dataclass
class EvaluationRow:
    line: int
    metric: str
    group: str
    before: Decimal
    after: Decimal
    unit: str

    @property
    def change(self) -> Decimal:
        return self.after - self.before


@dataclass
class ReactionRow:
    """A level-1 figure: one questionnaire item's mean (1–5) over the responses collected."""
    line: int
    survey: str
    item: str
    responses: int
    mean: Decimal


@dataclass
class LearningRow:
    """A level-2 figure: one assessment's participants, passes and mean score (percent)."""
    line: int
    assessment: str
    participants: int
    passed: int
    mean: Decimal

    @property
    def pass_rate(self) -> Decimal:
        return Decimal(self.passed) / Decimal(self.participants) if self.participants else Decimal(0)


@dataclass
class Evaluation:
    file: str
    cohort: str  # the cohort id, from the file's name
    rows: list[EvaluationRow]
    kind: str = ""  # "" level 4 (<id>.csv), "reaction" level 1, "learning" level 2
    reaction: list[ReactionRow] = field(default_factory=list)
    learning: list[LearningRow] = field(default_factory=list)

    def metrics(self) -> list[str]:
        return list(dict.fromkeys(row.metric for row in self.rows))


def evaluation_kind(stem: str) -> tuple[str, str]:
    """(cohort id, kind) from a file name's stem: `x.reaction` is x's level-1 data, `x` its level-4 data."""
    cohort, _, kind = stem.rpartition(".")
    return (cohort, kind) if cohort and kind in EVALUATION_KINDS else (stem, "")


# --- reading ----------------------------------------------------------------------------------------------


def read_cohort(file: str, data: LineDict, log: ProblemLog) -> Cohort:
    _refuse_personal_data(file, data, log)
    reader = FieldReader(data, file, log)
    cohort = Cohort(
        file=file, line=reader.line("id"), id=reader.id(), title=reader.text("title"),
        audience=reader.refs("audience"), paths=reader.refs("paths"),
        start=reader.date("start"), end=reader.date("end"), owner=reader.text("owner"),
        participants=reader.integer("participants", minimum=1, maximum=MAX_PARTICIPANTS),
        needs=reader.text("needs", required=False),
        goals=[_goal(goal) for goal in reader.mappings("goals")],
        sessions=[_session(session) for session in reader.mappings("sessions", required=True)],
        assessments=_assessments(reader.mapping("assessments")),
        contingency=10, budget=[], start_line=reader.line("start"), end_line=reader.line("end"),
    )
    if len(cohort.sessions) > MAX_SESSIONS:
        reader.problem("sessions", "K1428", count=len(cohort.sessions), limit=MAX_SESSIONS)
    budget = reader.mapping("budget")
    if budget is not None:
        cohort.contingency = budget.percent("contingency", 10)
        cohort.budget = [_budget_line(line) for line in budget.mappings("lines")]
        budget.finish()
    if cohort.start and cohort.end and cohort.end < cohort.start:
        reader.problem("end", "K1401", start=cohort.start, end=cohort.end)
    reader.finish()
    return cohort


def _refuse_personal_data(file: str, data: LineDict, log: ProblemLog) -> None:
    """A cohort's plan is published to everyone in the portal: trainers and places by name or title, but no
    one's phone, ID, bank card, e-mail or staff number, wherever it is written."""
    def walk(value: object, field: str, line: int) -> None:
        if isinstance(value, str):
            for found in personal_data_in(value, staff_numbers=True):
                log.add(file, line, field, "K1426", kind=text(f"K1411.{found.kind}"), shown=found.shown)
        elif isinstance(value, LineDict):
            for key, item in value.items():
                walk(item, f"{field}.{key}" if field else str(key), value.key_lines.get(key, line))
        elif isinstance(value, LineList):
            for index, item in enumerate(value):
                walk(item, f"{field}[{index}]", value.item_lines[index] if index < len(value.item_lines) else line)

    walk(data, "", 1)


def _goal(reader: FieldReader) -> Goal:
    goal = Goal(reader.line(), reader.text("metric"), reader.text("baseline", required=False), reader.text("target"),
                reader.date("by", required=False), reader.text("measured_by", required=False))
    reader.finish()
    return goal


def _session(reader: FieldReader) -> Session:
    session = Session(
        line=reader.line(), date=reader.date("date"), time=reader.text("time"), starts=None, ends=None,
        phase=reader.text("phase", required=False), courses=reader.refs("courses"),
        activity=reader.text("activity", required=False), format=reader.ref("format"),
        trainer=reader.text("trainer", required=False), place=reader.text("place", required=False),
        participants=reader.text("participants", required=False), owner=reader.text("owner", required=False),
        time_line=reader.line("time"),
    )
    match = _TIME.match(session.time) if session.time else None
    if session.time and match is None:
        reader.problem("time", "K1402", value=session.time)
    elif match:
        try:
            session.starts = dt.time(int(match[1]), int(match[2]))
            session.ends = dt.time(int(match[3]), int(match[4]))
        except ValueError:
            reader.problem("time", "K1402", value=session.time)
        else:
            if session.ends <= session.starts:
                reader.problem("time", "K1403", value=session.time)
                session.starts = session.ends = None
    if not session.courses and not session.activity:
        reader.log.add(reader.file, session.line, reader.prefix.rstrip("."), "K1404")
    reader.finish()
    return session


def _assessments(reader: FieldReader | None) -> CohortAssessments:
    if reader is None:
        return CohortAssessments()
    assessments = CohortAssessments(reader.refs("reaction"), reader.refs("learning"),
                                    reader.text("behaviour", required=False), reader.texts("results"))
    reader.finish()
    return assessments


# One class (the paperwork prints a questionnaire per participant and a sign-in sheet per session).
MAX_PARTICIPANTS = 300
MAX_SESSIONS = 400
# A quantity or a price in yuan beyond any training budget; keeps every total exact in Decimal arithmetic (NaN and
# infinity fail the comparison too).
MAX_BUDGET_NUMBER = 1_000_000_000


def _number(reader: FieldReader, name: str) -> Decimal:
    value = reader.data.get(name)
    reader.known.append(name)
    if value is None:
        reader.missing.append(name)
        return Decimal(0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_BUDGET_NUMBER:
        reader.problem(name, "K1405", found=describe(value), maximum=f"{MAX_BUDGET_NUMBER:,}")
        return Decimal(0)
    return Decimal(str(value))


def _budget_line(reader: FieldReader) -> BudgetLine:
    kind = reader.text("kind")
    if kind and kind not in BUDGET_KINDS:
        reader.problem("kind", "K1406", value=kind, known=one_of(BUDGET_KINDS))
    line = BudgetLine(reader.line(), kind, reader.text("item"), _number(reader, "quantity"), reader.text("unit"),
                      _number(reader, "unit_price"), reader.text("note", required=False))
    reader.finish()
    return line


def read_survey(file: str, data: LineDict, log: ProblemLog) -> Survey:
    reader = FieldReader(data, file, log)
    survey = Survey(file, reader.line("id"), reader.id(), reader.text("title"),
                    [_survey_item(item) for item in reader.mappings("items", required=True)])
    reader.finish()
    return survey


def _survey_item(reader: FieldReader) -> SurveyItem:
    item = SurveyItem(reader.line(), reader.id(), reader.text("type"), reader.text("prompt"))
    if item.type and item.type not in SURVEY_TYPES:
        reader.problem("type", "K1407", value=item.type, known=one_of(SURVEY_TYPES))
    if item.type in ("single", "multiple"):
        item.choices = reader.texts("choices", required=True)
        if len(item.choices) == 1:
            reader.problem("choices", "Q502", count=1)
    reader.finish()
    return item


# Column names that point at a person rather than a group (PIPL: aggregate figures only).
_PERSONAL_COLUMNS = re.compile(r"姓名|名字|name|手机|电话|phone|mobile|身份证|证件|id.?card|id.?number|工号|employee|"
                               r"邮箱|e-?mail|住址|address", re.I)


def _aggregate_rows(file: str, content: str, columns: tuple[str, ...], log: ProblemLog) -> list[tuple[int, dict[str, str]]]:
    """Rows of an evaluation CSV as {column: text}, after the checks every such file gets: exactly the
    columns, and nothing that identifies a person (PIPL: aggregate figures only)."""
    rows = _csv_rows(file, content, log)
    if not rows:
        log.add(file, 1, "", "K1408", expected=",".join(columns))
        return []
    header = [cell.strip() for cell in rows[0][1]]
    personal = [name for name in header if _PERSONAL_COLUMNS.search(name)]
    for name in personal:
        log.add(file, 1, name, "K1410")
    if header != list(columns):
        if not personal:
            log.add(file, 1, "", "K1408", expected=",".join(columns))
        return []
    found = []
    for number, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            log.add(file, number, "", "K1409", count=len(row), expected=len(columns))
            continue
        cells = dict(zip(columns, (cell.strip() for cell in row)))
        for name, value in cells.items():
            for data in personal_data_in(value, staff_numbers=True):
                log.add(file, number, name, "K1411", kind=text(f"K1411.{data.kind}"), shown=data.shown)
        found.append((number, cells))
    return found


# An aggregate figure, a group or a metric name is short; a longer cell is a pasted document, not data.
MAX_CELL = 200


def _csv_rows(file: str, content: str, log: ProblemLog) -> list[tuple[int, list[str]]]:
    """(line, cells) of every row of a CSV file (any line ending; a quoted cell may span lines). A row with a
    cell longer than MAX_CELL characters is refused and left out."""
    text_rows = io.StringIO(content.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    reader = csv.reader(text_rows)
    rows: list[tuple[int, list[str]]] = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error:  # a cell past the csv module's own limit (131,072 characters)
            log.add(file, line, "", "K1427", limit=MAX_CELL)
            return rows
        if any(len(cell) > MAX_CELL for cell in row):
            log.add(file, line, "", "K1427", limit=MAX_CELL)
            row = []
        rows.append((line, row))


def _figure(file: str, number: int, cells: dict[str, str], name: str, log: ProblemLog) -> Decimal | None:
    try:
        value = Decimal(cells[name])
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or abs(value) > 10 ** 12:
        log.add(file, number, name, "K1417", found=describe(cells[name]))
        return None
    return value


def _head_count(file: str, number: int, cells: dict[str, str], name: str, log: ProblemLog) -> int | None:
    value = cells[name]
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        log.add(file, number, name, "K1418", found=describe(value))
        return None
    return int(value)


def read_evaluation(file: str, cohort: str, content: str, log: ProblemLog, kind: str = "") -> Evaluation:
    """A cohort's aggregate figures: exactly the contract's columns, numbers where numbers go, and nothing
    that identifies a person. `kind` "reaction" and "learning" are levels 1 and 2."""
    evaluation = Evaluation(file, cohort, [], kind)
    for number, cells in _aggregate_rows(file, content, EVALUATION_KINDS[kind], log):
        if kind == "reaction":
            responses, mean = _head_count(file, number, cells, "responses", log), _figure(file, number, cells, "mean", log)
            if mean is not None and not Decimal(1) <= mean <= Decimal(5):
                log.add(file, number, "mean", "K1419", low=1, high=5, found=describe(cells["mean"]))
            elif responses is not None and mean is not None:
                evaluation.reaction.append(ReactionRow(number, cells["survey"], cells["item"], responses, mean))
        elif kind == "learning":
            participants, passed = (_head_count(file, number, cells, name, log) for name in ("participants", "passed"))
            mean = _figure(file, number, cells, "mean", log)
            if mean is not None and not Decimal(0) <= mean <= Decimal(100):
                log.add(file, number, "mean", "K1419", low=0, high=100, found=describe(cells["mean"]))
            elif participants is not None and passed is not None and passed > participants:
                log.add(file, number, "passed", "K1420", passed=passed, participants=participants)
            elif participants is not None and passed is not None and mean is not None:
                evaluation.learning.append(LearningRow(number, cells["assessment"], participants, passed, mean))
        else:
            before, after = (_figure(file, number, cells, name, log) for name in ("before", "after"))
            for name in ("metric", "group", "unit"):
                if not cells[name]:
                    log.add(file, number, name, "V303")
            if before is not None and after is not None:
                evaluation.rows.append(EvaluationRow(number, cells["metric"], cells["group"], before, after, cells["unit"]))
    return evaluation
