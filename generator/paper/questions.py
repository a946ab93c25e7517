"""Questions laid out for paper: lettered choices in a fixed shuffled order, and the matching key."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.model.entities import Question, QuizBank
from generator.model.question_types import QUESTION_TYPES
from generator.render.markup import render_inline, render_markdown
from generator.render.quiz import mixed_order

LETTERS = string.ascii_uppercase


@dataclass
class PaperQuestion:
    number: int
    question: Question
    prompt: Markup
    choices: list[tuple[str, Markup]] = field(default_factory=list)  # (letter, text), also order items
    left: list[tuple[str, Markup]] = field(default_factory=list)  # match: (number, text)
    answer: str = ""
    explanation: Markup = Markup("")

    @property
    def type_name(self) -> str:
        return QUESTION_TYPES[self.question.type].label

    @property
    def points(self) -> int:
        return self.question.points


def paper_questions(bank: QuizBank, seed: str | None, shuffle_questions: bool = True) -> list[PaperQuestion]:
    """Lay a bank out for paper. The same seed always gives the same paper; None keeps the written order
    of questions, but choices, order items and match answers are always mixed so that position gives
    nothing away."""
    rand = random.Random(seed if seed is not None else bank.id)
    questions = list(bank.questions)
    if seed is not None and shuffle_questions:
        rand.shuffle(questions)
    return [_lay_out(number, question, rand) for number, question in enumerate(questions, start=1)]


def _lay_out(number: int, question: Question, rand: random.Random) -> PaperQuestion:
    paper = PaperQuestion(
        number=number,
        question=question,
        prompt=render_markdown(question.prompt),
        explanation=render_markdown(question.explanation) if question.explanation else Markup(""),
    )
    if question.type in ("single", "multiple"):
        order = mixed_order(len(question.choices), rand)
        paper.choices = [(LETTERS[i], render_inline(question.choices[k].text)) for i, k in enumerate(order)]
        paper.answer = "、".join(LETTERS[i] for i, k in enumerate(order) if question.choices[k].correct)
    elif question.type == "true-false":
        paper.answer = "正确" if question.answer else "错误"
    elif question.type == "fill":
        paper.answer = " / ".join(question.answers)
    elif question.type == "order":
        order = mixed_order(len(question.items), rand)
        paper.choices = [(LETTERS[i], render_inline(question.items[k])) for i, k in enumerate(order)]
        paper.answer = " → ".join(LETTERS[order.index(k)] for k in range(len(question.items)))
    elif question.type == "match":
        order = mixed_order(len(question.pairs), rand)
        paper.left = [(str(i + 1), render_inline(left)) for i, (left, _) in enumerate(question.pairs)]
        paper.choices = [(LETTERS[i], render_inline(question.pairs[k][1])) for i, k in enumerate(order)]
        paper.answer = "、".join(f"{i + 1}-{LETTERS[order.index(i)]}" for i in range(len(question.pairs)))
    return paper

