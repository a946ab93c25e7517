"""A bank as Moodle XML (the format Moodle's qformat_xml reads): each question type as the closest Moodle type,
text kept as Markdown (format="markdown", which Moodle renders), and a note for what Moodle cannot express.

single → multichoice (single=true); multiple → multichoice (single=false); true-false → truefalse; fill →
shortanswer; order → ordering (qtype_ordering); match → matching.
"""

from __future__ import annotations

from lxml import etree

from generator.interchange.export_notes import Notes
from generator.interchange.neutral import NeutralBank, NeutralQuestion

# The grades Moodle accepts for an answer (question_bank::fraction_options_full), in percent; an import with
# "match grades: error" refuses any other.
GRADES = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5,
          11.11111, 10, 5, 0]
MOODLE_TYPES = {"single": "multichoice", "multiple": "multichoice", "true-false": "truefalse", "fill": "shortanswer",
                "order": "ordering", "match": "matching"}


def grade(percent: float) -> str:
    """The Moodle grade nearest to `percent` (negative for a wrong choice), as Moodle writes it."""
    nearest = min(GRADES, key=lambda value: abs(value - abs(percent)))
    value = -nearest if percent < 0 else nearest
    return f"{value:.7f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _text(parent: etree._Element, tag: str, value: str, text_format: str | None = "markdown") -> etree._Element:
    element = etree.SubElement(parent, tag)
    if text_format:
        element.set("format", text_format)
    inner = etree.SubElement(element, "text")
    inner.text = etree.CDATA(value) if any(c in value for c in "<>&") else value
    return element


def _value(parent: etree._Element, tag: str, value: object) -> None:
    etree.SubElement(parent, tag).text = str(value)


def _answer(parent: etree._Element, fraction: str, value: str, feedback: str = "",
            text_format: str = "markdown") -> etree._Element:
    answer = etree.SubElement(parent, "answer", fraction=fraction, format=text_format)
    inner = etree.SubElement(answer, "text")
    inner.text = etree.CDATA(value) if any(c in value for c in "<>&") else value
    _text(answer, "feedback", feedback)
    return answer


def moodle_question(bank: NeutralBank, question: NeutralQuestion, notes: Notes) -> etree._Element:
    element = etree.Element("question", type=MOODLE_TYPES[question.type])
    name = etree.SubElement(element, "name")
    etree.SubElement(name, "text").text = question.id
    _text(element, "questiontext", question.prompt)
    _text(element, "generalfeedback", question.explanation)
    _value(element, "defaultgrade", question.points)
    _value(element, "penalty", "0.3333333")
    _value(element, "hidden", 0)
    _value(element, "idnumber", question.id)
    if question.type in ("single", "multiple"):
        _multichoice(element, bank, question, notes)
    elif question.type == "true-false":
        _answer(element, "100" if question.answer else "0", "true", text_format="moodle_auto_format")
        _answer(element, "0" if question.answer else "100", "false", text_format="moodle_auto_format")
    elif question.type == "fill":
        _value(element, "usecase", 0)  # the portal ignores case too
        for accepted in question.answers:
            _answer(element, "100", accepted, text_format="moodle_auto_format")
    elif question.type == "order":
        notes.add(bank, question, "I1689")
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", 0),
                           ("gradingtype", "ABSOLUTE_POSITION" if bank.partial_credit else "ALL_OR_NOTHING"),
                           ("showgrading", "SHOW"), ("numberingstyle", "none")):
            _value(element, tag, value)
        for position, item in enumerate(question.items, start=1):
            _answer(element, str(position), item)
    elif question.type == "match":
        if not bank.partial_credit:
            notes.add(bank, question, "I1688")
        _value(element, "shuffleanswers", "true")
        for left, right in question.pairs:
            sub = _text(element, "subquestion", left)
            answer = etree.SubElement(sub, "answer")
            etree.SubElement(answer, "text").text = right
    if question.competency:
        tags = etree.SubElement(element, "tags")
        tag = etree.SubElement(tags, "tag")
        etree.SubElement(tag, "text").text = question.competency
    return element


def _multichoice(element: etree._Element, bank: NeutralBank, question: NeutralQuestion, notes: Notes) -> None:
    _value(element, "single", "true" if question.type == "single" else "false")
    _value(element, "shuffleanswers", "true" if bank.shuffle else "false")
    _value(element, "answernumbering", "ABCD")
    right = sum(choice.correct for choice in question.choices)
    wrong = len(question.choices) - right
    if question.type == "multiple":
        if not bank.partial_credit:
            notes.add(bank, question, "I1687")
        share = 100 / right if right else 0
        if right and min(abs(value - share) for value in GRADES) > 0.001:
            notes.add(bank, question, "I1694", count=right, fraction=grade(share))
    for choice in question.choices:
        if question.type == "single":
            fraction = "100" if choice.correct else "0"
        elif choice.correct:
            fraction = grade(100 / right)
        else:
            # The portal's partial credit takes a wrong pick off as one right pick is worth; a wrong pick in
            # Moodle costs the same share, so choosing everything scores nothing in both.
            fraction = grade(-100 / right) if right and wrong else "0"
        _answer(element, fraction, choice.text, choice.feedback)


def write_moodle_xml(bank: NeutralBank, notes: Notes) -> bytes:
    quiz = etree.Element("quiz")
    quiz.append(etree.Comment(f" {bank.title} ({bank.id}) "))
    category = etree.SubElement(quiz, "question", type="category")
    _text(category, "category", f"$course$/top/{bank.title.replace('/', '//')}", text_format=None)
    _text(category, "info", bank.id)
    for question in bank.questions:
        quiz.append(moodle_question(bank, question, notes))
    return etree.tostring(quiz, xml_declaration=True, encoding="UTF-8", pretty_print=True)
