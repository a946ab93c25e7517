"""Dataclasses of the content model. Every entity knows the file and line it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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


@dataclass
class Objective:
    dimension: Ref
    text: str


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

    def line_of(self, text: str) -> int:
        """The line of the file where `text` first occurs in the body (the body's first line if nowhere)."""
        index = self.body.find(text)
        return self.body_line + (self.body[:index].count("\n") if index >= 0 else 0)

    @property
    def review_due(self) -> dt.date:
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


@dataclass
class Criterion:
    line: int
    id: str
    name: str
    points: int
    standard: str
    evidence: str


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
        self.tier_by_id = {tier.id: tier for tier in self.model.tiers}
        self.dimension_by_id = {dimension.id: dimension for dimension in self.model.dimensions}
        self.competency_by_id = {item.id: item for item in self.model.competencies}
        self.audience_by_id = {item.id: item for item in self.model.audiences}
        self.format_by_id = {item.id: item for item in self.model.formats}

    def courses_of_tier(self, tier_id: str) -> list[Course]:
        return [course for course in self.courses if course.tier.id == tier_id]

    def all_tags(self) -> list[str]:
        seen: dict[str, None] = {}
        for course in self.courses:
            for tag in course.tags:
                seen.setdefault(tag, None)
        return list(seen)
