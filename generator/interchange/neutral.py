"""The question bank as every interchange format sees it: plain text fields, no file lines of the portal's own.

Readers (Excel, Moodle XML, GIFT) produce a `NeutralBank`; writers (Moodle XML, GIFT, QTI) take one made from the
model's `QuizBank` by `from_model`. `bank_yaml` turns one into the bank file the model reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model.entities import QuizBank


@dataclass
class NeutralChoice:
    text: str
    correct: bool = False
    feedback: str = ""


@dataclass
class NeutralQuestion:
    id: str
    type: str  # a QUESTION_TYPES id
    prompt: str
    points: int = 1
    competency: str = ""  # a competency id, or empty
    explanation: str = ""
    choices: list[NeutralChoice] = field(default_factory=list)
    answer: bool | None = None
    answers: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    where: str = ""  # where the source holds it, for messages (a sheet row, a line)


@dataclass
class NeutralBank:
    id: str
    title: str
    mode: str = "self-check"
    pass_score: int = 80
    draw: int | None = None
    shuffle: bool = True
    partial_credit: bool = False
    questions: list[NeutralQuestion] = field(default_factory=list)
    file: str = ""  # the bank file it came from (export) or goes to (import)

    @property
    def is_exam(self) -> bool:
        return self.mode == "exam"


def from_model(bank: QuizBank) -> NeutralBank:
    return NeutralBank(
        id=bank.id, title=bank.title, mode=bank.mode, pass_score=bank.pass_score, draw=bank.draw,
        shuffle=bank.shuffle, partial_credit=bank.partial_credit, file=bank.file,
        questions=[
            NeutralQuestion(
                id=q.id, type=q.type, prompt=q.prompt, points=q.points,
                competency=q.competency.id if q.competency else "", explanation=q.explanation,
                choices=[NeutralChoice(c.text, c.correct, c.feedback) for c in q.choices],
                answer=q.answer, answers=list(q.answers), items=list(q.items), pairs=list(q.pairs),
                where=f"{bank.file}:{q.line}",
            )
            for q in bank.questions
        ],
    )
