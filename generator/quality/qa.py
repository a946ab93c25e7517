"""From a QA system's export to findings and plans: per criterion the team's mean share of points and the share of
calls below the pass mark (共性问题 when that share is high), each weak criterion followed to the competencies it
assesses and on to the courses, scenarios, cases and self-checks that train them; per agent the weakest criteria
with the calls they come from, the activities assigned with a due date, and the coaching flag below the
satisfaction threshold (seed 004: 满意度低于 80 分，暂停接线，一对一辅导).

Export format (content contract, “Quality-review data”): `agent,call,date,rubric,satisfaction,<criterion id>,…`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from generator.errors import ProblemLog
from generator.messages import did_you_mean, kind_args, one_of, text
from generator.model.entities import Case, Course, Criterion, Curriculum, QuizBank, Rubric, Scenario
from generator.quality.csv_input import CsvTable, found, identifier, number, personal_columns, read_csv

FIXED_COLUMNS = ("agent", "call", "date", "rubric", "satisfaction")
REQUIRED_COLUMNS = ("agent", "call", "date", "rubric")


@dataclass(frozen=True)
class Settings:
    today: dt.date
    due_days: int = 14
    min_calls: int = 3
    coaching_below: int = 80  # satisfaction
    common_share: int = 20  # percent of calls below the pass mark that makes a 共性问题
    weakest: int = 3  # criteria in one agent's plan
    per_criterion: tuple[int, int, int] = (2, 1, 1)  # courses, scenarios, cases assigned for one weak criterion


@dataclass
class QaCall:
    line: int
    agent: str
    call: str
    date: dt.date
    rubric: Rubric
    satisfaction: Decimal | None
    scores: dict[str, Decimal]  # criterion id -> points, only the criteria scored


@dataclass
class QaExport:
    file: str
    calls: list[QaCall]


# --- reading --------------------------------------------------------------------------------------------


def read_qa_export(path: Path, file: str, curriculum: Curriculum, log: ProblemLog) -> QaExport | None:
    criteria_ids = {c.id for r in curriculum.rubrics for c in r.criteria}
    expected = ",".join([*FIXED_COLUMNS, "<评分项 id>…"])
    table = read_csv(path, file, log, expected)
    if table is None:
        return None
    if not _check_columns(table, criteria_ids, expected, log):
        return None
    export = QaExport(file, [])
    first_line: dict[str, int] = {}
    for line, cells in table.rows:
        call = _read_call(table, line, cells, curriculum, log)
        if call is None:
            continue
        if call.call in first_line:
            log.add(file, line, "call", "L1550", call=call.call, other=first_line[call.call])
            continue
        first_line[call.call] = line
        export.calls.append(call)
    return export


def _check_columns(table: CsvTable, criteria_ids: set[str], expected: str, log: ProblemLog) -> bool:
    fine = True
    personal = personal_columns(table)
    for name in personal:
        log.add(table.file, table.header_line, name, "L1540", column=name)
        fine = False
    for name in REQUIRED_COLUMNS:
        if name not in table.header:
            log.add(table.file, table.header_line, name, "L1541", column=name, expected=expected)
            fine = False
    for name in table.header:
        if name not in FIXED_COLUMNS and name not in criteria_ids and name not in personal:
            log.add(table.file, table.header_line, name, "L1542", column=name, suggestion=did_you_mean(name, criteria_ids),
                    known=one_of(sorted(criteria_ids)))
            fine = False
    return fine


def _read_call(table: CsvTable, line: int, cells: dict[str, str], curriculum: Curriculum,
               log: ProblemLog) -> QaCall | None:
    file, before = table.file, len(log.problems)
    for column, what in (("agent", "L1543.agent"), ("call", "L1543.call")):
        if not identifier(cells[column]):
            log.add(file, line, column, "L1543", what=text(what), found=found(cells[column]))
    day = _date(file, line, cells["date"], log)
    rubric = curriculum.rubric_by_id.get(cells["rubric"])
    if rubric is None:
        known = sorted(curriculum.rubric_by_id)
        log.add(file, line, "rubric", "R401", value=cells["rubric"], expected=text("R401.expected", known=one_of(known)),
                suggestion=did_you_mean(cells["rubric"], known), **kind_args("rubric"))
    satisfaction = None
    if cells.get("satisfaction"):
        satisfaction = number(cells["satisfaction"])
        if satisfaction is None or satisfaction > 100:
            log.add(file, line, "satisfaction", "L1547", found=found(cells["satisfaction"]))
    scores: dict[str, Decimal] = {}
    if rubric is not None:
        criteria = {c.id: c for c in rubric.criteria}
        for column in table.header:
            if column in FIXED_COLUMNS or not cells[column]:
                continue
            criterion = criteria.get(column)
            if criterion is None:
                log.add(file, line, column, "L1548", rubric=rubric.id)
                continue
            points = number(cells[column])
            if points is None and not _is_plain_number(cells[column]):
                log.add(file, line, column, "L1513", found=found(cells[column]))
            elif points is None or points > criterion.points:
                log.add(file, line, column, "L1511", points=criterion.points, criterion=criterion.name,
                        found=found(cells[column]))
            else:
                scores[column] = points
        if not scores and len(log.problems) == before:
            log.add(file, line, "", "L1549", rubric=rubric.id)
    if len(log.problems) != before or rubric is None or day is None:
        return None
    return QaCall(line, cells["agent"], cells["call"], day, rubric, satisfaction, scores)


def _is_plain_number(value: str) -> bool:
    """Looks like a number but is not a score (negative, huge, NaN, infinity): 'out of range' rather than 'not a number'."""
    try:
        float(value)
        return True
    except ValueError:
        return False


def _date(file: str, line: int, value: str, log: ProblemLog) -> dt.date | None:
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        log.add(file, line, "date", "V309", found=found(value))
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        log.add(file, line, "date", "V310", text=value)
        return None


# --- what trains a criterion ----------------------------------------------------------------------------


@dataclass
class Training:
    """What the curriculum has for a criterion's competencies, best matches first."""

    courses: list[Course] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    self_checks: list[QuizBank] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.courses or self.scenarios or self.cases or self.self_checks)


def training_for(curriculum: Curriculum, criterion: Criterion) -> Training:
    wanted = {ref.id for ref in criterion.competencies}
    rank = {tier.id: tier.rank for tier in curriculum.model.tiers}

    def order(item, title: str, extra: tuple = ()) -> tuple:
        covered = len(wanted & {ref.id for ref in item.competencies})
        return (-covered, *extra, rank.get(item.tier.id, 99), title)

    if not wanted:
        return Training()
    courses = sorted((c for c in curriculum.courses if wanted & {r.id for r in c.competencies}), key=lambda c: order(c, c.title))
    scenarios = sorted((s for s in curriculum.scenarios if wanted & {r.id for r in s.competencies}),
                       key=lambda s: order(s, s.title))
    cases = sorted((c for c in curriculum.cases if wanted & {r.id for r in c.competencies}),
                   key=lambda c: order(c, c.title, (c.kind != "benchmark",)))
    banks = sorted((b for b in curriculum.quizzes if not b.is_exam
                    and any(q.competency and q.competency.id in wanted for q in b.questions)),
                   key=lambda b: (-sum(1 for q in b.questions if q.competency and q.competency.id in wanted), b.title))
    return Training(courses, scenarios, cases, banks)


# --- the team -------------------------------------------------------------------------------------------


def share(points: Decimal, criterion: Criterion) -> Fraction:
    return Fraction(points) / criterion.points


def below_pass(points: Decimal, criterion: Criterion, rubric: Rubric) -> bool:
    """Below the rubric's pass mark applied to this criterion (80 % of its points by default)."""
    return Fraction(points) * 100 < criterion.points * rubric.pass_score


@dataclass
class CriterionFinding:
    rubric: Rubric
    criterion: Criterion
    calls: int  # calls scored on this criterion
    mean_share: Fraction
    below_share: Fraction
    common: bool  # a 共性问题: the share below the pass mark reaches the threshold
    training: Training
    previous: CriterionFinding | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.rubric.id, self.criterion.id


@dataclass
class Findings:
    file: str
    calls: int
    agents: int
    first: dt.date
    last: dt.date
    criteria: list[CriterionFinding]
    too_few: int  # agents without a per-criterion verdict
    coaching: int
    previous_file: str = ""

    @property
    def common(self) -> list[CriterionFinding]:
        return sorted((f for f in self.criteria if f.common), key=lambda f: (-f.below_share, f.mean_share))

    @property
    def to_develop(self) -> list[CriterionFinding]:
        """Criteria whose competencies nothing in the curriculum trains: courses to develop, 共性问题 first."""
        return sorted((f for f in self.criteria if f.training.empty), key=lambda f: (not f.common, -f.below_share))


def criterion_findings(curriculum: Curriculum, export: QaExport, settings: Settings) -> list[CriterionFinding]:
    found_: list[CriterionFinding] = []
    rubrics = {call.rubric.id: call.rubric for call in export.calls}
    for rubric in sorted(rubrics.values(), key=lambda r: r.id):
        for criterion in rubric.criteria:
            scored = [call.scores[criterion.id] for call in export.calls
                      if call.rubric.id == rubric.id and criterion.id in call.scores]
            if not scored:
                continue
            mean = sum((share(points, criterion) for points in scored), Fraction(0)) / len(scored)
            below = Fraction(sum(1 for points in scored if below_pass(points, criterion, rubric)), len(scored))
            found_.append(CriterionFinding(rubric, criterion, len(scored), mean, below,
                                           below * 100 >= settings.common_share, training_for(curriculum, criterion)))
    return found_


def team_findings(curriculum: Curriculum, export: QaExport, plans: list[AgentPlan], settings: Settings,
                  previous: QaExport | None = None) -> Findings:
    criteria = criterion_findings(curriculum, export, settings)
    if previous is not None:
        before = {f.key: f for f in criterion_findings(curriculum, previous, settings)}
        for finding in criteria:
            finding.previous = before.get(finding.key)
    dates = [call.date for call in export.calls]
    return Findings(export.file, len(export.calls), len(plans), min(dates), max(dates), criteria,
                    sum(1 for p in plans if not p.enough), sum(1 for p in plans if p.coaching),
                    previous.file if previous else "")


# --- each agent -----------------------------------------------------------------------------------------


@dataclass
class Activity:
    kind: str  # course | scenario | case
    id: str
    title: str
    due: dt.date
    criterion: str  # the criterion's name it is assigned for

    @property
    def activity(self) -> str:
        """As learning records name it (activities/<kind>/<id>)."""
        return f"{self.kind}/{self.id}"


@dataclass
class WeakCriterion:
    rubric: Rubric
    criterion: Criterion
    mean_share: Fraction
    calls: int
    below_calls: list[str]  # the calls below the pass mark on it
    activities: list[Activity] = field(default_factory=list)


@dataclass
class AgentPlan:
    agent: str
    calls: list[QaCall]
    satisfaction: Fraction | None
    coaching: bool
    enough: bool  # enough scored calls for a per-criterion verdict
    weak: list[WeakCriterion] = field(default_factory=list)

    @property
    def activities(self) -> list[Activity]:
        return [activity for weak in self.weak for activity in weak.activities]


def agent_plans(curriculum: Curriculum, export: QaExport, settings: Settings) -> list[AgentPlan]:
    by_agent: dict[str, list[QaCall]] = {}
    for call in export.calls:
        by_agent.setdefault(call.agent, []).append(call)
    trainings: dict[tuple[str, str], Training] = {}  # looked up once per criterion, not once per agent

    def training(rubric: Rubric, criterion: Criterion) -> Training:
        key = (rubric.id, criterion.id)
        if key not in trainings:
            trainings[key] = training_for(curriculum, criterion)
        return trainings[key]

    return [_plan(training, agent, calls, settings) for agent, calls in sorted(by_agent.items())]


def _plan(training_of, agent: str, calls: list[QaCall], settings: Settings) -> AgentPlan:
    rated = [call.satisfaction for call in calls if call.satisfaction is not None]
    satisfaction = sum((Fraction(value) for value in rated), Fraction(0)) / len(rated) if rated else None
    plan = AgentPlan(agent, calls, satisfaction, satisfaction is not None and satisfaction < settings.coaching_below,
                     len(calls) >= settings.min_calls)
    if not plan.enough:
        return plan
    weak: list[WeakCriterion] = []
    for rubric in sorted({call.rubric.id: call.rubric for call in calls}.values(), key=lambda r: r.id):
        for criterion in rubric.criteria:
            scored = [(call, call.scores[criterion.id]) for call in calls
                      if call.rubric.id == rubric.id and criterion.id in call.scores]
            if not scored:
                continue
            mean = sum((share(points, criterion) for _, points in scored), Fraction(0)) / len(scored)
            if mean * 100 < rubric.pass_score:
                weak.append(WeakCriterion(rubric, criterion, mean, len(scored),
                                          [call.call for call, points in scored if below_pass(points, criterion, rubric)]))
    plan.weak = sorted(weak, key=lambda w: (w.mean_share, w.rubric.id, [c.id for c in w.rubric.criteria].index(w.criterion.id)))
    plan.weak = plan.weak[:settings.weakest]
    due = settings.today + dt.timedelta(days=settings.due_days)
    assigned: set[tuple[str, str]] = set()
    courses, scenarios, cases = settings.per_criterion
    for item in plan.weak:
        training = training_of(item.rubric, item.criterion)
        chosen = ([("course", c.id, c.title) for c in training.courses[:courses]]
                  + [("scenario", s.id, s.title) for s in training.scenarios[:scenarios]]
                  + [("case", c.id, c.title) for c in training.cases[:cases]])
        for kind, activity_id, title in chosen:
            if (kind, activity_id) not in assigned:
                assigned.add((kind, activity_id))
                item.activities.append(Activity(kind, activity_id, title, due, item.criterion.name))
    return plan
