"""Loading one quiz question; each type reads only the fields it defines."""

from __future__ import annotations

from generator.messages import describe, one_of
from generator.model.entities import Choice, Question
from generator.model.fields import FieldReader
from generator.model.question_types import QUESTION_TYPES


def load(reader: FieldReader) -> Question:
    question_type = reader.text("type")
    question = Question(
        line=reader.line(),
        id=reader.id(),
        type=question_type,
        prompt=reader.text("prompt"),
        competency=reader.ref("competency"),
        points=reader.integer("points", default=1, minimum=1),
        explanation=reader.text("explanation", required=False),
    )
    read_answer = _ANSWER_READERS.get(question_type)
    if read_answer:
        read_answer(reader, question)
    elif question_type:
        reader.known.extend(["choices", "answer", "answers", "items", "pairs"])  # judged once the type is right
        reader.problem("type", "Q501", value=question_type, known=one_of(QUESTION_TYPES))
    reader.finish()
    return question


def _choices(reader: FieldReader, question: Question) -> None:
    for item in reader.mappings("choices", required=True):
        question.choices.append(
            Choice(
                text=item.text("text"),
                correct=item.boolean("correct", False),
                feedback=item.text("feedback", required=False),
                line=item.line(),
            )
        )
        item.finish()
    if "choices" not in reader.data:
        return
    if len(question.choices) < 2:
        reader.problem("choices", "Q502", count=len(question.choices))
    correct = sum(choice.correct for choice in question.choices)
    if question.type == "single" and correct != 1:
        reader.problem("choices", "Q503", count=correct)
    if question.type == "multiple" and correct == 0:
        reader.problem("choices", "Q504")


def _true_false(reader: FieldReader, question: Question) -> None:
    question.answer = reader.boolean("answer", None, required=True)


def _fill(reader: FieldReader, question: Question) -> None:
    question.answers = reader.texts("answers", required=True)


def _order(reader: FieldReader, question: Question) -> None:
    question.items = reader.texts("items", required=True)
    if "items" in reader.data and isinstance(reader.data["items"], list) and len(question.items) == 1:
        reader.problem("items", "Q505")


def _match(reader: FieldReader, question: Question) -> None:
    pairs = reader.raw_list("pairs", required=True)
    if pairs is None:
        return
    for index, (pair, line) in enumerate(zip(pairs, pairs.item_lines)):
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or any(isinstance(side, (bool, list, dict)) or side is None or not str(side).strip() for side in pair)
        ):
            reader.problem(f"pairs[{index}]", "Q506", line, found=describe(pair))
            continue
        question.pairs.append((str(pair[0]).strip(), str(pair[1]).strip()))
    if len(pairs) == 1:
        reader.problem("pairs", "Q507")


_ANSWER_READERS = {
    "single": _choices,
    "multiple": _choices,
    "true-false": _true_false,
    "fill": _fill,
    "order": _order,
    "match": _match,
}
assert set(_ANSWER_READERS) == set(QUESTION_TYPES), "every question type in the table has a reader"
