"""Reading Moodle XML (as Moodle's qformat_xml writes it) into a bank: each Moodle type that has a counterpart is
mapped to it, every other question is left out with a warning at its line. HTML text becomes Markdown."""

from __future__ import annotations

import math
from pathlib import Path

from lxml import etree

from generator.interchange.markup_in import html_to_markdown, images_in
from generator.interchange.neutral import NeutralChoice, NeutralQuestion
from generator.interchange.safe_xml import parse_untrusted
from generator.interchange.sources import ImportContext, SourceReader, clean_text, unique_id
from generator.messages import text

_SKIP = object()


class MoodleReader(SourceReader):
    def parse(self, data: bytes) -> list[NeutralQuestion]:
        root = parse_untrusted(data, self.context)
        if root is None:
            return []
        if root.tag != "quiz":
            self.context.error(root.sourceline or 1, "", "I1657", tag=root.tag)
            return []
        questions: list[NeutralQuestion] = []
        taken: set[str] = set()
        for element in root.iter("question"):
            kind = element.get("type", "")
            if kind == "category":
                path_text = self._plain(element, "category/text")
                if path_text:
                    self.title = path_text.replace("//", "\0").rsplit("/", 1)[-1].replace("\0", "/")
                continue
            question = self._question(element, kind, len(questions) + 1, taken)
            if question is not None:
                questions.append(question)
        return questions

    # -- helpers ----------------------------------------------------------------------------------------------
    def _line(self, element: etree._Element) -> int:
        return element.sourceline or 0

    def _warn(self, element: etree._Element, code: str, **args: object) -> None:
        self.context.warn(self._line(element), "", code, **args)

    def _plain(self, element: etree._Element, path: str) -> str:
        found = element.find(path)
        return clean_text(found.text or "") if found is not None else ""

    def _rich(self, element: etree._Element | None, owner: etree._Element) -> str | object:
        """A text element's content as Markdown; _SKIP (after a warning) when it shows a picture."""
        if element is None:
            return ""
        inner = element.find("text")
        raw = (inner.text or "") if inner is not None else ""
        text_format = element.get("format", owner.get("format", "html"))
        attached = element.find("file")
        if attached is not None or images_in(raw):
            sources = images_in(raw) or [attached.get("name", "")]
            self._warn(owner, "I1674", src=sources[0])
            return _SKIP
        if text_format in ("markdown", "plain_text"):
            return clean_text(raw)
        return html_to_markdown(raw)

    # -- one question -----------------------------------------------------------------------------------------
    def _question(self, element: etree._Element, kind: str, number: int, taken: set[str]) -> NeutralQuestion | None:
        readers = {"multichoice": self._multichoice, "truefalse": self._truefalse, "shortanswer": self._shortanswer,
                   "numerical": self._numerical, "matching": self._matching, "match": self._matching,
                   "ordering": self._ordering}
        read = readers.get(kind)
        if read is None:
            self._warn(element, "I1658", qtype=kind)
            return None
        prompt = self._rich(element.find("questiontext"), element)
        explanation = self._rich(element.find("generalfeedback"), element)
        if prompt is _SKIP or explanation is _SKIP:
            return None
        if not prompt:
            self._warn(element, "I1662", part=text("I1676"))
            return None
        name = self._plain(element, "name/text")
        wanted = self._plain(element, "idnumber") or name
        question = NeutralQuestion(id="", type="", prompt=str(prompt), explanation=str(explanation),
                                   where=str(self._line(element)))
        question.points = self._points(element)
        tags = [self._plain(tag, "text") for tag in element.findall("tags/tag")]
        question.competency = self.context.competencies([t for t in tags if t], self._line(element), "",
                                                        warn_unknown=False)
        if not read(element, question):
            return None
        question.id = unique_id(wanted, taken, number)
        if wanted and question.id != wanted:
            self._warn(element, "I1650", value=wanted, id=question.id)
        return question

    def _points(self, element: etree._Element) -> int:
        raw = self._plain(element, "defaultgrade")
        if not raw:
            return 1
        try:
            value = float(raw)
        except ValueError:
            value = 0
        if not math.isfinite(value) or value > 1000:  # "1e309", "nan": no question is worth that
            value = 1
        elif value >= 1 and value == int(value):
            return int(value)
        points = max(1, round(value))
        self._warn(element, "I1661", value=raw, points=points)
        return points

    def _answers(self, element: etree._Element) -> list[tuple[float, etree._Element]]:
        found = []
        for answer in element.findall("answer"):
            try:
                fraction = float(answer.get("fraction", "0"))
            except ValueError:
                fraction = 0.0
            found.append((fraction, answer))
        return found

    def _multichoice(self, element: etree._Element, question: NeutralQuestion) -> bool:
        single = self._plain(element, "single").lower() not in ("false", "0", "")
        question.type = "single" if single else "multiple"
        answers = self._answers(element)
        if len(answers) < 2:
            self._warn(element, "I1662", part=text("I1678"))
            return False
        for fraction, answer in answers:
            choice_text = self._rich(answer, element)
            feedback = self._rich(answer.find("feedback"), element)
            if choice_text is _SKIP or feedback is _SKIP:
                return False
            correct = fraction >= 99.99 if single else fraction > 0
            question.choices.append(NeutralChoice(str(choice_text), correct, str(feedback)))
        right = sum(choice.correct for choice in question.choices)
        if single and right != 1:
            self._warn(element, "I1659", count=right)
            return False
        if not single and right == 0:
            self._warn(element, "I1660")
            return False
        return True

    def _truefalse(self, element: etree._Element, question: NeutralQuestion) -> bool:
        question.type = "true-false"
        answers = self._answers(element)
        for fraction, answer in answers:
            word = self._plain(answer, "text").lower()
            if word in ("true", "false") and fraction >= 99.99:
                question.answer = word == "true"
        if question.answer is None:
            self._warn(element, "I1662", part=text("I1677"))
            return False
        if any(self._plain(answer, "feedback/text") for _, answer in answers):
            self._warn(element, "I1666")
        return True

    def _shortanswer(self, element: etree._Element, question: NeutralQuestion) -> bool:
        question.type = "fill"
        if self._plain(element, "usecase") == "1":
            self._warn(element, "I1665")
        for fraction, answer in self._answers(element):
            value = self._plain(answer, "text")
            if "*" in value:
                self._warn(element, "I1663", answer=value)
                return False
            if fraction >= 99.99 and value:
                question.answers.append(value)
            elif value:
                self._warn(element, "I1664", answer=value, fraction=f"{fraction:g}")
        if not question.answers:
            self._warn(element, "I1662", part=text("I1677"))
            return False
        return True

    def _numerical(self, element: etree._Element, question: NeutralQuestion) -> bool:
        """A number with no tolerance is a fill-in question with that answer; a tolerance has no counterpart."""
        answers = self._answers(element)
        if any(self._plain(answer, "tolerance") not in ("", "0") and _number(self._plain(answer, "tolerance"))
               for _, answer in answers):
            self._warn(element, "I1658", qtype="numerical")
            return False
        return self._shortanswer(element, question)

    def _matching(self, element: etree._Element, question: NeutralQuestion) -> bool:
        question.type = "match"
        for sub in element.findall("subquestion"):
            left = self._rich(sub, element)
            right = self._plain(sub, "answer/text")
            if left is _SKIP:
                return False
            if not left:
                if right:
                    self._warn(element, "I1667", answer=right)
                continue
            question.pairs.append((str(left), right))
        if len(question.pairs) < 2:
            self._warn(element, "I1662", part=text("I1678"))
            return False
        return True

    def _ordering(self, element: etree._Element, question: NeutralQuestion) -> bool:
        question.type = "order"
        answers = self._answers(element)
        positions = [fraction for fraction, _ in answers]
        if sorted(positions) == [float(n) for n in range(1, len(answers) + 1)]:
            answers.sort(key=lambda pair: pair[0])
        else:
            self._warn(element, "I1673")
        for _, answer in answers:
            item = self._rich(answer, element)
            if item is _SKIP:
                return False
            if item:
                question.items.append(str(item))
        if len(question.items) < 2:
            self._warn(element, "I1662", part=text("I1678"))
            return False
        return True


def _number(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 1.0


def read_moodle_xml(path: Path, context: ImportContext) -> tuple[str, list[NeutralQuestion]]:
    return MoodleReader(context).read(path)
