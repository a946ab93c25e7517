"""What the learning records say, for trainers: who started and finished each path and in how many days,
how each self-check bank is passed (and on which attempt), which questions to revise (classical item
analysis on each learner's first attempt at the bank as it is now), who finished each course at its current
version, the scores of scenarios and classroom assessments per rubric criterion, and who is overdue. Every
measure also over verified (signed-in) and self-declared learners apart."""

from __future__ import annotations

import datetime as dt
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.messages import text
from generator.model.entities import Curriculum, LearningPath, Question, QuizBank
from generator.model.programme import Cohort
from generator.records.statements import CRITERIA_OUT_OF_RANGE, Record

CHINA = dt.timezone(dt.timedelta(hours=8))
FINISHED_VERBS = ("completed", "passed")
# Item analysis thresholds: flags need at least MIN_ANSWERS first attempts to mean anything.
MIN_ANSWERS = 5
TOO_HARD, TOO_EASY, LOW_DISCRIMINATION = 0.30, 0.90, 0.20
# Pass rate by attempt: the first, second and third attempts, then all later ones together.
ATTEMPT_GROUPS = 4


def local_day(stamp: dt.datetime) -> dt.date:
    return stamp.astimezone(CHINA).date()


@dataclass
class PathReport:
    path: LearningPath
    started: dict[str, dt.date]  # learner -> first day on the path
    days_to_finish: dict[str, int]  # learner -> calendar days from the first day to the path's completion, both counted

    @property
    def within_target(self) -> int | None:
        target = self.path.target_days
        return None if target is None else sum(1 for days in self.days_to_finish.values() if days <= target)


@dataclass
class QuestionReport:
    question: Question
    number: int  # 1-based position in the bank
    answers: int
    correct: int
    discrimination: float | None  # point-biserial: answer right (1/0) against the rest of the attempt's score
    choice_picks: dict[int, int]  # choice index -> first attempts that picked it (choice questions)
    flags: list[str] = field(default_factory=list)

    @property
    def difficulty(self) -> float | None:
        """The share of first attempts that answered it right (higher is easier)."""
        return self.correct / self.answers if self.answers else None


@dataclass
class BankReport:
    bank: QuizBank
    attempts: int
    passed_attempts: int
    best: dict[str, float]  # learner -> best score in percent
    passed_learners: set[str]
    first_attempts: int  # learners whose first attempt was at the current version (the item analysis sample)
    older_attempts: int  # attempts at earlier versions of the bank, left out of the item analysis
    questions: list[QuestionReport]
    by_attempt: list[tuple[int, int]] = field(default_factory=list)  # (attempts, passed) of each learner's 1st, 2nd, 3rd, 4th+


@dataclass
class CourseReport:
    course_id: str
    title: str
    version: int
    current: set[str]  # learners who finished the current version
    earlier_only: set[str]  # finished only an earlier version: due for a second look


@dataclass
class CriteriaReport:
    """A scenario's or a rubric's results: attempts, learners, passes and the mean per criterion."""
    kind: str  # "scenario" or "rubric"
    id: str
    title: str
    attempts: int
    learners: set[str]
    passed_learners: set[str]
    criteria: list[tuple[str, str, int, float | None]]  # id, name, points, mean score


@dataclass(frozen=True)
class Overdue:
    """A learner past the day something was due: a path's target days from their first day on it, or a
    cohort's assessment by the cohort's last day."""
    learner: str
    self_declared: bool
    kind: str  # "path" or "assessment"
    subject: str  # the path's or assessment's title and id
    cohort: str  # the cohort's title, for assessments
    started: dt.date | None
    due: dt.date
    days_late: int
    state: str  # what is missing, for people


@dataclass
class CohortPath:
    """One cohort's learners on one of its paths: for completion over time per cohort."""
    cohort: Cohort
    path: PathReport


@dataclass
class RecordsReport:
    learners: set[str]
    self_declared: set[str]
    since: dt.date | None
    cohort: Cohort | None
    paths: list[PathReport]
    banks: list[BankReport]
    courses: list[CourseReport]
    practice: list[CriteriaReport]
    skipped: Counter[str] = field(default_factory=Counter)  # reason (message code) -> statements left out
    today: dt.date | None = None
    overdue: list[Overdue] = field(default_factory=list)
    cohort_paths: list[CohortPath] = field(default_factory=list)
    # The same measures over signed-in learners' statements only, and over self-declared ones only.
    verified: RecordsReport | None = None
    declared: RecordsReport | None = None


# --- selecting ------------------------------------------------------------------------------------------

def path_activities(curriculum: Curriculum, path: LearningPath) -> set[tuple[str, str]]:
    """(kind, content id) of everything a learner does on the path."""
    found = {("path", path.id), ("step", path.id)}
    for step in path.steps:
        if step.course and step.course.id in curriculum.course_by_id:
            course = curriculum.course_by_id[step.course.id]
            found.add(("course", course.id))
            if course.quiz:
                found.add(("quiz", course.quiz.id))
        if step.quiz:
            found.add(("quiz", step.quiz.id))
        if step.scenario:
            found.add(("scenario", step.scenario.id))
    return found


def _on(record: Record, activities: set[tuple[str, str]]) -> bool:
    head = record.ids[0] if record.ids else ""
    return (record.kind, head) in activities or (record.kind == "question" and ("quiz", head) in activities)


def cohort_learners(records: list[Record], curriculum: Curriculum, cohort: Cohort) -> set[str]:
    """Learners whose first step on one of the cohort's paths falls within the cohort's dates (records carry
    no cohort: the portal never learns who is in which class)."""
    activities = set().union(*(path_activities(curriculum, curriculum.path_by_id[ref.id])
                               for ref in cohort.paths if ref.id in curriculum.path_by_id))
    first: dict[str, dt.date] = {}
    for record in records:
        if _on(record, activities):
            first.setdefault(record.learner, local_day(record.timestamp))
    return {learner for learner, day in first.items()
            if (cohort.start is None or day >= cohort.start) and (cohort.end is None or day <= cohort.end)}


# --- measuring ------------------------------------------------------------------------------------------

def path_report(records: list[Record], curriculum: Curriculum, path: LearningPath) -> PathReport:
    activities = path_activities(curriculum, path)
    started: dict[str, dt.date] = {}
    finished: dict[str, int] = {}
    for record in records:
        if _on(record, activities):
            started.setdefault(record.learner, local_day(record.timestamp))
        if record.about("path", path.id) and len(record.ids) == 1 and record.verb == "completed" \
                and record.learner not in finished and record.learner in started:
            finished[record.learner] = (local_day(record.timestamp) - started[record.learner]).days + 1
    return PathReport(path, started, finished)


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 2:
        return None
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)


_CHOICE = re.compile(r"[0-9]{1,4}")


def _chosen(response: str | None) -> list[int]:
    """Choice indices of an xAPI choice response ("0[,]2"); anything else in it is not a choice."""
    if not response:
        return []
    return [int(part) for part in response.split("[,]") if _CHOICE.fullmatch(part)]


def _question_flags(report: QuestionReport) -> list[str]:
    if report.answers < MIN_ANSWERS:
        return []
    flags = []
    difficulty = report.difficulty or 0.0
    if difficulty < TOO_HARD:
        flags.append(text("X1814", share=f"{difficulty:.0%}"))
    elif difficulty > TOO_EASY:
        flags.append(text("X1815", share=f"{difficulty:.0%}"))
    if report.discrimination is not None and report.discrimination < 0:
        flags.append(text("X1816", value=f"{report.discrimination:.2f}"))
    elif report.discrimination is not None and report.discrimination < LOW_DISCRIMINATION:
        flags.append(text("X1817", value=f"{report.discrimination:.2f}"))
    choices = report.question.choices
    right_picks = max((report.choice_picks.get(i, 0) for i, c in enumerate(choices) if c.correct), default=0)
    for index, choice in enumerate(choices):
        picks = report.choice_picks.get(index, 0)
        if not choice.correct and picks > right_picks:
            flags.append(text("X1818", letter=chr(65 + index), choice=choice.text, picks=picks))
    return flags


def bank_report(records: list[Record], bank: QuizBank) -> BankReport:
    results = [r for r in records if r.about("quiz", bank.id) and r.verb in ("passed", "failed")]
    best: dict[str, float] = {}
    for record in results:
        percent = round((record.scaled or 0.0) * 100, 1)
        best[record.learner] = max(best.get(record.learner, 0.0), percent)
    first: dict[str, Record] = {}  # each learner's first attempt at the bank as it is now
    for record in results:
        if record.context.get("bank-version") == bank.version and record.registration:
            first.setdefault(record.learner, record)
    current = {r.registration: r for r in first.values()}
    answers: dict[str, list[tuple[Record, Record]]] = defaultdict(list)
    for record in records:
        if record.about("question", bank.id) and record.verb == "answered" and record.registration in current \
                and len(record.ids) == 2:
            answers[record.ids[1]].append((record, current[record.registration]))
    questions = []
    for number, question in enumerate(bank.questions, start=1):
        given = answers.get(question.id, [])
        rights = [1.0 if answer.success else 0.0 for answer, _ in given]
        rests = [(attempt.raw or 0.0) - question.points * (answer.scaled or 0.0) for answer, attempt in given]
        picks: dict[int, int] = defaultdict(int)
        if question.type in ("single", "multiple"):
            for answer, _ in given:
                for index in set(_chosen(answer.response)):
                    picks[index] += 1
        report = QuestionReport(question, number, len(given), int(sum(rights)), _pearson(rights, rests), dict(picks))
        report.flags = _question_flags(report)
        questions.append(report)
    return BankReport(
        bank=bank, attempts=len(results), passed_attempts=sum(1 for r in results if r.verb == "passed"), best=best,
        passed_learners={r.learner for r in results if r.verb == "passed"}, first_attempts=len(current),
        older_attempts=sum(1 for r in results if r.context.get("bank-version") != bank.version), questions=questions,
        by_attempt=_by_attempt(results))


def _by_attempt(results: list[Record]) -> list[tuple[int, int]]:
    """(attempts, passed) for each learner's first, second, third and later attempts (records come in time order)."""
    counts = [[0, 0] for _ in range(ATTEMPT_GROUPS)]
    taken: Counter[str] = Counter()
    for record in results:
        group = min(taken[record.learner], ATTEMPT_GROUPS - 1)
        taken[record.learner] += 1
        counts[group][0] += 1
        counts[group][1] += record.verb == "passed"
    return [(attempts, passed) for attempts, passed in counts]


def course_reports(records: list[Record], curriculum: Curriculum) -> list[CourseReport]:
    finished: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for record in records:
        version = record.context.get("version")
        if not isinstance(version, int):
            continue
        if record.kind == "course" and record.verb == "completed" and record.ids:
            finished[record.ids[0]][record.learner].add(version)
        elif record.kind == "quiz" and record.verb == "passed":
            for kind, ids in record.parents:
                if kind == "course" and ids:
                    finished[ids[0]][record.learner].add(version)
    reports = []
    for course in curriculum.courses:
        learners = finished.get(course.id, {})
        current = {learner for learner, versions in learners.items() if course.version in versions}
        reports.append(CourseReport(course.id, course.title, course.version, current, set(learners) - current))
    return reports


def _classroom_once(results: list[Record]) -> list[Record]:
    """A rubric's scores, one per learner and day: a sheet sent twice (or with another key) counts once, the
    last sent standing."""
    last: dict[tuple[str, dt.date], Record] = {}
    for record in results:
        last[record.learner, local_day(record.timestamp)] = record
    return sorted(last.values(), key=lambda record: (record.timestamp, record.id))


def practice_reports(records: list[Record], curriculum: Curriculum,
                     skipped: Counter[str] | None = None) -> list[CriteriaReport]:
    """Scenarios played on the portal and rubric scores entered after classroom assessments. A result giving a
    criterion more points than the rubric has (or fewer than minus that) is left out and counted in `skipped`."""
    subjects = [("scenario", s.id, s.title, curriculum.rubric_by_id.get(s.rubric.id)) for s in curriculum.scenarios]
    subjects += [("rubric", r.id, r.title, r) for r in curriculum.rubrics]
    reports = []
    for kind, subject_id, title, rubric in subjects:
        if rubric is None:
            continue
        results = []
        for record in records:
            if not (record.about(kind, subject_id) and record.verb in ("passed", "failed")):
                continue
            criteria = record.extensions.get("criteria")
            points = {c.id: criteria.get(c.id) for c in rubric.criteria} if isinstance(criteria, dict) else {}
            if any(isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) > criterion.points
                   for criterion in rubric.criteria for value in [points.get(criterion.id)]):
                if skipped is not None:
                    skipped[CRITERIA_OUT_OF_RANGE] += 1
                continue
            results.append(record)
        if kind == "rubric":
            results = _classroom_once(results)
        if not results:
            continue
        totals: dict[str, list[float]] = defaultdict(list)
        for record in results:
            criteria = record.extensions.get("criteria")
            for criterion in rubric.criteria:
                value = criteria.get(criterion.id) if isinstance(criteria, dict) else None
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    totals[criterion.id].append(float(value))
        reports.append(CriteriaReport(
            kind, subject_id, title, len(results), {r.learner for r in results},
            {r.learner for r in results if r.verb == "passed"},
            [(c.id, c.name, c.points, statistics.fmean(totals[c.id]) if totals[c.id] else None) for c in rubric.criteria]))
    return reports


# --- overdue --------------------------------------------------------------------------------------------

def path_overdue(report: PathReport, records: list[Record], today: dt.date) -> list[Overdue]:
    """Learners who started the path and have not finished it within its target days (first day counted)."""
    target = report.path.target_days
    if target is None:
        return []
    declared = {r.learner for r in records if r.self_declared}
    found = []
    for learner, started in sorted(report.started.items()):
        due = started + dt.timedelta(days=target - 1)
        if learner not in report.days_to_finish and today > due:
            found.append(Overdue(learner, learner in declared, "path", text("X1810", title=report.path.title, id=report.path.id),
                                 "", started, due, (today - due).days, text("X1819")))
    return found


def assessment_overdue(records: list[Record], curriculum: Curriculum, cohort: Cohort, today: dt.date) -> list[Overdue]:
    """A cohort's learners (records name no cohort: those who started its paths within its dates) who, after
    its last day, have not passed its self-check banks and scenarios or have no classroom score on its rubrics."""
    if cohort.end is None or today <= cohort.end:
        return []
    members = cohort_learners(records, curriculum, cohort)
    declared = {r.learner for r in records if r.self_declared}
    found = []
    done: tuple[str, ...]
    for ref in cohort.assessments.learning:
        if ref.id in curriculum.quiz_by_id and not curriculum.quiz_by_id[ref.id].is_exam:
            kind, title, done = "quiz", curriculum.quiz_by_id[ref.id].title, ("passed",)
        elif ref.id in curriculum.scenario_by_id:
            kind, title, done = "scenario", curriculum.scenario_by_id[ref.id].title, ("passed",)
        elif ref.id in curriculum.rubric_by_id:
            kind, title, done = "rubric", curriculum.rubric_by_id[ref.id].title, ("passed", "failed")
        else:
            continue  # a paper exam: its marks are not in the records
        finished = {r.learner for r in records if r.about(kind, ref.id) and r.verb in done
                    and local_day(r.timestamp) <= cohort.end}
        state = text("X1820") if kind == "rubric" else text("X1821")
        for learner in sorted(members - finished):
            found.append(Overdue(learner, learner in declared, "assessment", text("X1810", title=title, id=ref.id), cohort.title,
                                 None, cohort.end, (today - cohort.end).days, state))
    return found


def _measure(records: list[Record], curriculum: Curriculum, paths: list[LearningPath], since: dt.date | None,
             cohort: Cohort | None, skipped: Counter[str] | None) -> RecordsReport:
    banks = [bank for bank in curriculum.quizzes if not bank.is_exam]
    return RecordsReport(
        learners={r.learner for r in records}, self_declared={r.learner for r in records if r.self_declared},
        since=since, cohort=cohort,
        paths=[path_report(records, curriculum, path) for path in paths],
        banks=[bank_report(records, bank) for bank in banks],
        courses=course_reports(records, curriculum),
        practice=practice_reports(records, curriculum, skipped))


def records_report(records: list[Record], curriculum: Curriculum, *, since: dt.date | None = None,
                   cohort: Cohort | None = None, skipped: Mapping[str, int] | None = None,
                   today: dt.date | None = None) -> RecordsReport:
    """The report on `records` (read_statements: `skipped` are the statements it left out, by reason), with the
    same measures over verified and self-declared learners in `verified` and `declared`, and who is overdue on
    `today` (default: today in China)."""
    paths = curriculum.paths
    everyone = records
    if cohort is not None:  # membership from every record: --since must not move a learner's first day
        members = cohort_learners(records, curriculum, cohort)
        records = [r for r in records if r.learner in members]
        wanted = {ref.id for ref in cohort.paths}
        paths = [p for p in curriculum.paths if p.id in wanted]
    if since is not None:
        records = [r for r in records if local_day(r.timestamp) >= since]
    left_out = Counter(skipped or {})
    report = _measure(records, curriculum, paths, since, cohort, left_out)
    report.skipped = left_out
    report.today = today or dt.datetime.now(CHINA).date()
    report.verified = _measure([r for r in records if not r.self_declared], curriculum, paths, since, cohort, None)
    report.declared = _measure([r for r in records if r.self_declared], curriculum, paths, since, cohort, None)
    for path in report.paths:
        report.overdue += path_overdue(path, records, report.today)
    for each in [cohort] if cohort is not None else curriculum.cohorts:
        report.overdue += assessment_overdue(everyone, curriculum, each, report.today)
        members = cohort_learners(everyone, curriculum, each)
        for ref in each.paths:
            learning_path = curriculum.path_by_id.get(ref.id)
            if learning_path is not None:
                report.cohort_paths.append(CohortPath(each, path_report([r for r in everyone if r.learner in members],
                                                                        curriculum, learning_path)))
    return report
