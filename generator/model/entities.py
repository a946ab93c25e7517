"""Dataclasses of the content model. Every entity knows the file and line it came from."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.model.programme import Cohort, Evaluation, Survey


@dataclass(frozen=True)
class Ref:
    """A reference by id to another entity, located where the trainer wrote it."""

    id: str
    line: int


@dataclass
class Named:
    id: str
    name: str
    line: int
    description: str = ""


@dataclass
class Tier(Named):
    rank: int = 0


@dataclass
class Competency(Named):
    dimension: Ref | None = None


@dataclass
class TrainingModel:
    file: str
    tiers: list[Tier]
    dimensions: list[Named]
    competencies: list[Competency]
    audiences: list[Named]
    formats: list[Named]
    groups: list[Named] = field(default_factory=list)  # teams that evaluation data may name


@dataclass
class Objective:
    dimension: Ref
    text: str


@dataclass(frozen=True)
class KeyFact:
    """A fact an agent must not forget (a refund window, an escalation threshold, a required wording), brought
    back by the daily review: a question and its answer, from a course's `key_facts`."""

    line: int
    question: str
    answer: str

    @property
    def fingerprint(self) -> str:
        """Changes with the question or the answer: a review card of a changed fact starts again."""
        import hashlib

        return hashlib.sha256(f"{self.question}\n{self.answer}".encode()).hexdigest()[:12]


@dataclass
class Course:
    file: str
    line: int
    src_path: str  # relative to docs_dir, with forward slashes
    id: str
    title: str
    tier: Ref
    summary: str
    duration: int
    objectives: list[Objective]
    competencies: list[Ref]
    prerequisites: list[Ref]
    audience: list[Ref]
    formats: list[Ref]
    quiz: Ref | None
    rubric: Ref | None
    owner: str
    reviewed: dt.date
    review_every: int
    version: int
    tags: list[str]
    body: str
    body_line: int = 1
    scenarios: list[Ref] = field(default_factory=list)  # extension: role-plays practised after the course
    key_facts: list[KeyFact] = field(default_factory=list)  # extension: the daily review's cards

    def line_of(self, text: str) -> int:
        """The line of the file where `text` first occurs in the body (the body's first line if nowhere)."""
        index = self.body.find(text)
        return self.body_line + (self.body[:index].count("\n") if index >= 0 else 0)

    @property
    def review_due(self) -> dt.date:
        if self.reviewed > dt.date.max - dt.timedelta(days=self.review_every):
            return dt.date.max  # reviewed in the last days of year 9999: never stale in a real build
        return self.reviewed + dt.timedelta(days=self.review_every)

    def is_stale(self, today: dt.date) -> bool:
        return self.review_due < today


@dataclass
class PathStep:
    line: int
    course: Ref | None = None
    optional: bool = False
    milestone: str | None = None
    quiz: Ref | None = None
    scenario: Ref | None = None  # a role-play played in the browser, as a milestone


@dataclass
class LearningPath:
    file: str
    line: int
    src_path: str
    id: str
    title: str
    tier: Ref
    summary: str
    audience: list[Ref]
    target_days: int | None
    steps: list[PathStep]
    body: str


@dataclass
class Choice:
    text: str
    correct: bool
    feedback: str
    line: int


@dataclass
class Question:
    line: int
    id: str
    type: str
    prompt: str
    competency: Ref | None = None
    points: int = 1
    choices: list[Choice] = field(default_factory=list)
    answer: bool | None = None
    answers: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    explanation: str = ""


def pass_mark(points: int, percent: int) -> int:
    """The lowest whole score that reaches `percent` of `points`."""
    return -(-points * percent // 100)


QUIZ_MODES = ("self-check", "exam")


@dataclass
class QuizBank:
    file: str
    line: int
    id: str
    title: str
    mode: str
    pass_score: int
    draw: int | None
    shuffle: bool
    partial_credit: bool
    questions: list[Question]
    draw_line: int = 0

    @property
    def is_exam(self) -> bool:
        return self.mode == "exam"

    @property
    def points(self) -> int:
        return sum(question.points for question in self.questions)

    @property
    def pass_points(self) -> int:
        return pass_mark(self.points, self.pass_score)

    @functools.cached_property
    def version(self) -> str:
        """A fingerprint of the questions as learners answer them (not of where they sit in the file), so a
        learning record says which form of the bank was answered and question statistics do not mix two."""
        content = [_without_lines(question) for question in self.questions]
        text = json.dumps([self.pass_score, self.draw, self.partial_credit, content], ensure_ascii=False, sort_keys=True,
                          default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class Criterion:
    line: int
    id: str
    name: str
    points: int
    standard: str
    evidence: str
    competencies: list[Ref] = field(default_factory=list)  # extension: what the criterion assesses


@dataclass
class Rubric:
    file: str
    line: int
    id: str
    title: str
    pass_score: int
    total: int | None
    criteria: list[Criterion]
    total_line: int = 0

    @property
    def points(self) -> int:
        return sum(criterion.points for criterion in self.criteria)

    @property
    def pass_points(self) -> int:
        return pass_mark(self.points, self.pass_score)


HANDBOOK_INCLUDE_KINDS = ("path", "tag", "course")


@dataclass
class HandbookInclude:
    kind: str
    value: str
    line: int


@dataclass
class Handbook:
    file: str
    line: int
    id: str
    title: str
    subtitle: str
    include: list[HandbookInclude]
    version: int = 1


@dataclass
class ScenarioChoice:
    line: int
    say: str
    next: Ref  # a node id of the same scenario
    scores: dict[str, int]  # points per rubric criterion id; may be negative
    score_lines: dict[str, int]
    feedback: str


@dataclass
class ScenarioNode:
    id: str
    line: int
    customer: str
    choices: list[ScenarioChoice]
    ending: str | None = None  # resolved | escalated | lost, or another word
    outcome: str = ""
    model_answer: str = ""

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@dataclass
class CustomerCard:
    """The customer's role card: for the trainer and whoever plays the customer, never for the agent."""

    who: str = ""
    situation: str = ""
    emotion: str = ""
    hidden: list[str] = field(default_factory=list)
    triggers: list[str] = field(default_factory=list)


# Endings the contract names, with the words the portal shows for them.
ENDING_LABELS = {"resolved": "已解决", "escalated": "正确升级", "lost": "客户流失"}


@dataclass
class Scenario:
    file: str
    line: int
    id: str
    title: str
    summary: str
    tier: Ref
    competencies: list[Ref]
    courses: list[Ref]
    rubric: Ref
    owner: str
    reviewed: dt.date
    version: int
    customer: CustomerCard
    agent_brief: str
    start: Ref
    nodes: dict[str, ScenarioNode]
    nodes_line: int = 0

    @property
    def endings(self) -> list[ScenarioNode]:
        return [node for node in self.nodes.values() if node.is_ending]


CASE_KINDS = {"benchmark": "标杆案例", "improvement": "整改案例"}
SPEAKERS = {"agent": "坐席", "customer": "客户"}


@dataclass
class TranscriptLine:
    number: int  # from 1, as the expert's `lines` name it
    line: int  # in the file
    at: str  # the time offset as mm:ss or h:mm:ss
    who: str  # agent | customer
    say: str


@dataclass
class ExpertScore:
    criterion: str
    line: int
    points: float | None  # None when it could not be read (reported)
    lines: list[int]
    note: str
    lines_line: int = 0
    points_line: int = 0


@dataclass
class Case:
    """A reviewed call for the case library: the transcript and the expert's scores on a rubric."""

    file: str
    line: int
    src_path: str  # relative to docs_dir, with forward slashes
    id: str
    title: str
    kind: str  # benchmark | improvement
    channel: str
    tier: Ref
    competencies: list[Ref]
    courses: list[Ref]
    rubric: Ref
    tolerance: int  # percent of a criterion's points that still counts as agreement
    audio: str  # a file name beside the case, or ""
    owner: str
    reviewed: dt.date
    version: int
    transcript: list[TranscriptLine]
    expert: dict[str, ExpertScore]
    body: str
    summary: str = ""  # extension: one sentence for the case library
    body_line: int = 1
    expert_line: int = 0
    transcript_line: int = 0

    @property
    def kind_name(self) -> str:
        return CASE_KINDS.get(self.kind, self.kind)


@dataclass
class GlossaryTerm:
    line: int
    term: str
    aliases: list[str]
    definition: str

    @property
    def words(self) -> list[str]:
        return [self.term, *self.aliases]


@dataclass
class Curriculum:
    """Everything a content repository defines, validated and cross-checked."""

    model: TrainingModel
    courses: list[Course]
    paths: list[LearningPath]
    quizzes: list[QuizBank]
    rubrics: list[Rubric]
    handbooks: list[Handbook]
    glossary: list[GlossaryTerm]
    scenarios: list[Scenario] = field(default_factory=list)
    cohorts: list[Cohort] = field(default_factory=list)
    surveys: list[Survey] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    # Every Markdown file under docs_dir (relative, forward slashes): courses, paths and ordinary pages.
    pages: list[str] = field(default_factory=list)
    # Problems worth fixing that do not stop the build (validate reports them as warnings).
    warnings: list = field(default_factory=list)
    # Files that could not be read, by the kind of entity they hold (course, path, quiz bank, rubric, model).
    unread: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.course_by_id = {course.id: course for course in self.courses}
        self.path_by_id = {path.id: path for path in self.paths}
        self.quiz_by_id = {quiz.id: quiz for quiz in self.quizzes}
        self.rubric_by_id = {rubric.id: rubric for rubric in self.rubrics}
        self.handbook_by_id = {handbook.id: handbook for handbook in self.handbooks}
        self.scenario_by_id = {scenario.id: scenario for scenario in self.scenarios}
        self.case_by_id = {case.id: case for case in self.cases}
        self.cohort_by_id = {cohort.id: cohort for cohort in self.cohorts}
        self.survey_by_id = {survey.id: survey for survey in self.surveys}
        self.evaluation_by_cohort = {e.cohort: e for e in self.evaluations if not e.kind}
        self.reaction_by_cohort = {e.cohort: e for e in self.evaluations if e.kind == "reaction"}
        self.learning_by_cohort = {e.cohort: e for e in self.evaluations if e.kind == "learning"}
        self.tier_by_id = {tier.id: tier for tier in self.model.tiers}
        self.dimension_by_id = {dimension.id: dimension for dimension in self.model.dimensions}
        self.competency_by_id = {item.id: item for item in self.model.competencies}
        self.audience_by_id = {item.id: item for item in self.model.audiences}
        self.format_by_id = {item.id: item for item in self.model.formats}

    def courses_of_tier(self, tier_id: str) -> list[Course]:
        return [course for course in self.courses if course.tier.id == tier_id]

    def paths_of_course(self, course_id: str) -> list[LearningPath]:
        """The paths with a step on this course, in the paths' order."""
        return self._paths_by_course.get(course_id, [])

    @functools.cached_property
    def _paths_by_course(self) -> dict[str, list[LearningPath]]:
        found: dict[str, list[LearningPath]] = {}
        for path in self.paths:
            for course_id in dict.fromkeys(step.course.id for step in path.steps if step.course):
                found.setdefault(course_id, []).append(path)
        return found

    def scenarios_of_course(self, course_id: str) -> list[Scenario]:
        """Role-plays practised after a course: those naming the course, then those the course names."""
        found = {s.id: s for s in self.scenarios if any(ref.id == course_id for ref in s.courses)}
        course = self.course_by_id.get(course_id)
        for ref in course.scenarios if course else []:
            if ref.id in self.scenario_by_id:
                found.setdefault(ref.id, self.scenario_by_id[ref.id])
        return list(found.values())

    def cases_of_course(self, course_id: str) -> list[Case]:
        """Call cases that illustrate a course: benchmarks first, then by title."""
        return sorted((case for case in self.cases if any(ref.id == course_id for ref in case.courses)),
                      key=lambda case: (case.kind != "benchmark", case.title))

    def all_tags(self) -> list[str]:
        seen: dict[str, None] = {}
        for course in self.courses:
            for tag in course.tags:
                seen.setdefault(tag, None)
        return list(seen)


def _without_lines(value: object) -> object:
    """What dataclasses.asdict gives, without the `line` fields, and without asdict's deep copies (the bank
    fingerprint is computed for every bank a build shows)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: _without_lines(getattr(value, item.name)) for item in fields(value) if item.name != "line"}
    if isinstance(value, dict):
        return {key: _without_lines(item) for key, item in value.items() if key != "line"}
    if isinstance(value, (list, tuple)):
        return [_without_lines(item) for item in value]
    return value
