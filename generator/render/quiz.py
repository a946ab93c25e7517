"""Self-check quizzes: the data the browser scores with, and the list readers get without JavaScript.

Every text a trainer wrote is rendered from Markdown here, at build time, with raw HTML escaped;
the browser inserts these fragments as they are and never builds markup from trainers' text.
"""

from __future__ import annotations

import json
import random

import jinja2
from markupsafe import Markup

from generator.model.entities import Curriculum, Question, QuizBank
from generator.render.markup import render_inline, render_markdown


class ExamBankError(ValueError):
    """An exam bank must never be rendered into a page."""


def script_json(data: object) -> Markup:
    """JSON safe inside <script type="application/json">: `</script>` and `<!--` cannot occur."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)


def quiz_data(curriculum: Curriculum, bank: QuizBank) -> dict:
    """What the quiz script needs to run, draw, shuffle and score one bank."""
    if bank.is_exam:
        raise ExamBankError(f"{bank.file}: exam bank '{bank.id}' is never published")
    used = {q.competency.id for q in bank.questions if q.competency}
    return {
        "id": bank.id,
        "title": bank.title,
        "version": bank.version,
        "passScore": bank.pass_score,
        "draw": bank.draw,
        "shuffle": bank.shuffle,
        "partial": bank.partial_credit,
        "competencies": {
            c.id: c.name for c in curriculum.model.competencies if c.id in used
        },
        "questions": [_question_data(q) for q in bank.questions],
    }


def _question_data(question: Question) -> dict:
    data: dict = {
        "id": question.id,
        "type": question.type,
        "points": question.points,
        "competency": question.competency.id if question.competency else None,
        "prompt": str(render_markdown(question.prompt)),
        "explanation": str(render_markdown(question.explanation)) if question.explanation else "",
    }
    if question.type in ("single", "multiple"):
        data["choices"] = [
            {
                "html": str(render_inline(choice.text)),
                "correct": choice.correct,
                "feedback": str(render_inline(choice.feedback)) if choice.feedback else "",
            }
            for choice in question.choices
        ]
    elif question.type == "true-false":
        data["answer"] = question.answer
    elif question.type == "fill":
        data["answers"] = list(question.answers)
    elif question.type == "order":
        data["items"] = [str(render_inline(item)) for item in question.items]
    elif question.type == "match":
        data["left"] = [str(render_inline(left)) for left, _ in question.pairs]
        data["right"] = [str(render_inline(right)) for _, right in question.pairs]
    return data


def mixed_order(count: int, rand: random.Random) -> list[int]:
    """A shuffled order of `count` items that is never the written one (which would give answers away)."""
    order = list(range(count))
    rand.shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def scrambled(values: list, key: str) -> list:
    """A fixed, answer-hiding order for the list readers see without JavaScript: the same on every build."""
    return [values[i] for i in mixed_order(len(values), random.Random(key))]


def render_quiz(
    env: jinja2.Environment,
    curriculum: Curriculum,
    bank: QuizBank,
    course_id: str | None = None,
    course_version: int | None = None,
) -> str:
    return env.get_template("training/quiz.html").render(
        curriculum=curriculum,
        bank=bank,
        data=script_json(quiz_data(curriculum, bank)),
        course_id=course_id,
        course_version=course_version,
        scrambled=scrambled,
    )
