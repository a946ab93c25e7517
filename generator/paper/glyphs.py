"""Where a character the PDF fonts cannot draw comes from: file, line and character, for the trainer."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from generator.messages import text
from generator.model.entities import Course, QuizBank, Rubric, Scenario


def _sources(courses: Iterable[Course], banks: Iterable[QuizBank], rubrics: Iterable[Rubric],
             scenarios: Iterable[Scenario] = ()):
    """(file, line, text) of everything a PDF prints from the content."""
    for course in courses:
        yield course.file, course.line, "\n".join([course.title, course.summary, course.owner, *course.tags,
                                                  *(o.text for o in course.objectives)])
        for number, line in enumerate(course.body.split("\n")):
            yield course.file, course.body_line + number, line
    for bank in banks:
        yield bank.file, bank.line, bank.title
        for question in bank.questions:
            texts = [question.prompt, question.explanation, *question.answers, *question.items,
                     *(side for pair in question.pairs for side in pair),
                     *(c.text for c in question.choices), *(c.feedback for c in question.choices)]
            yield bank.file, question.line, "\n".join(texts)
    for rubric in rubrics:
        yield rubric.file, rubric.line, rubric.title
        for criterion in rubric.criteria:
            yield rubric.file, criterion.line, "\n".join([criterion.name, criterion.standard, criterion.evidence])
    for scenario in scenarios:
        card = scenario.customer
        yield scenario.file, scenario.line, "\n".join([scenario.title, scenario.summary, scenario.agent_brief, card.who,
                                                       card.situation, card.emotion, *card.hidden, *card.triggers])
        for node in scenario.nodes.values():
            yield scenario.file, node.line, "\n".join([node.customer, node.outcome, node.model_answer])
            for choice in node.choices:
                yield scenario.file, choice.line, "\n".join([choice.say, choice.feedback])


def _name(character: str) -> str:
    return f"“{character}” (U+{ord(character):04X} {unicodedata.name(character, '').lower()})".replace(" )", ")")


def missing_glyph_messages(characters: Iterable[str], document: str, courses: Iterable[Course] = (),
                           banks: Iterable[QuizBank] = (), rubrics: Iterable[Rubric] = (),
                           scenarios: Iterable[Scenario] = ()) -> list[str]:
    """One message per character and place it is written: `file:line: …`."""
    sources = list(_sources(courses, banks, rubrics, scenarios))
    messages = []
    for character in characters:
        places = [(file, line) for file, line, text in sources if character in text]
        advice = text("D1102", character=_name(character), document=document) + " [D1102]"
        messages += [f"{file}:{line}: {advice}" for file, line in dict.fromkeys(places)] or [f"{document}: {advice}"]
    return messages
