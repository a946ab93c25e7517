"""GIFT, Moodle's plain-text question format, both ways.

Written: `// [id:…] [tag:…]` comments (Moodle reads them as id number and tags), `::id::[markdown]text{answers}`,
per-answer feedback after `#`, the explanation after `####`. GIFT has no ordering questions and no marks.
Read: the forms Moodle documents — multiple choice (`=` right, `~` wrong, `%50%` weights), true-false, short
answer, matching (`=left -> right`), the missing-word form, numbers without tolerance; anything else is left out
with a warning at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.interchange.export_notes import Notes
from generator.interchange.markup_in import html_to_markdown, images_in
from generator.interchange.moodle_write import grade
from generator.interchange.neutral import NeutralBank, NeutralChoice, NeutralQuestion
from generator.interchange.sources import ImportContext, SourceReader, clean_text, unique_id
from generator.messages import text
from generator.model.file_access import encoding_hint

_SPECIAL = "~=#{}:"
BLANK = "___"


# -- writing -----------------------------------------------------------------------------------------------------

def escape(value: str) -> str:
    value = value.replace("\\", "\\\\")
    for character in _SPECIAL:
        value = value.replace(character, "\\" + character)
    return value.replace("\r", "").replace("\n", "\\n")


def _answer(sign: str, value: str, feedback: str = "", weight: str = "") -> str:
    line = f"{sign}{f'%{weight}%' if weight else ''}{escape(value)}"
    return line + (f"#{escape(feedback)}" if feedback else "")


def gift_question(bank: NeutralBank, question: NeutralQuestion, notes: Notes) -> str | None:
    if question.type == "order":
        notes.add(bank, question, "I1690")
        return None
    if question.points != 1:
        notes.add(bank, question, "I1691", points=question.points)
    lines: list[str] = []
    if question.type in ("single", "multiple"):
        right = sum(choice.correct for choice in question.choices)
        for choice in question.choices:
            if question.type == "single":
                lines.append(_answer("=" if choice.correct else "~", choice.text, choice.feedback))
            else:
                weight = grade(100 / right) if choice.correct else grade(-100 / right)
                lines.append(_answer("~", choice.text, choice.feedback, weight))
    elif question.type == "true-false":
        lines.append("TRUE" if question.answer else "FALSE")
    elif question.type == "fill":
        lines += [_answer("=", accepted) for accepted in question.answers]
    elif question.type == "match":
        lines += [f"={escape(left)} -> {escape(right)}" for left, right in question.pairs]
    if question.explanation:
        lines.append(f"####{escape(question.explanation)}")
    answers = "{\n" + "".join(f"\t{line}\n" for line in lines) + "}"
    prompt = escape(question.prompt)
    if question.type == "fill" and question.prompt.count(BLANK) == 1:
        body = prompt.replace(BLANK, answers, 1)  # GIFT's missing-word form: the blank where the answers are
    else:
        body = prompt + answers
    comment = f"// [id:{question.id}]" + (f" [tag:{question.competency}]" if question.competency else "")
    return f"{comment}\n::{escape(question.id)}::[markdown]{body}\n"


def write_gift(bank: NeutralBank, notes: Notes) -> bytes:
    parts = [f"// {bank.title} ({bank.id})\n$CATEGORY: $course$/top/{bank.title.replace('/', '//')}\n"]
    for question in bank.questions:
        written = gift_question(bank, question, notes)
        if written:
            parts.append(written)
    return "\n".join(parts).encode("utf-8")


# -- reading -----------------------------------------------------------------------------------------------------

# Escaped characters become private-use placeholders while the structure is parsed, then turn back.
_PLACEHOLDERS = {f"\\{character}": chr(0xE000 + index) for index, character in enumerate("\\" + _SPECIAL)}
_RESTORE = {placeholder: escaped[1] for escaped, placeholder in _PLACEHOLDERS.items()}
_COMMENT_ID = re.compile(r"\[id:([^\]]*)\]")
_COMMENT_TAG = re.compile(r"\[tag:([^\]]*)\]")
_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]")
_TOKEN = re.compile(r"([=~])(?:%(-?[\d.]+)%)?([^=~]*)")
_TRUE_FALSE = re.compile(r"^(T|F|TRUE|FALSE)(#.*)?$", re.IGNORECASE | re.DOTALL)


@dataclass
class _Block:
    line: int
    text: str
    ids: list[str]
    tags: list[str]


def _hide_escapes(value: str) -> str:
    value = re.sub(r"\\[\\~=#{}:]", lambda match: _PLACEHOLDERS[match.group(0)], value)
    return value.replace("\\n", "\n")


def _restore(value: str) -> str:
    for placeholder, character in _RESTORE.items():
        value = value.replace(placeholder, character)
    return clean_text(value)


def _blocks(source: str) -> tuple[str, list[_Block]]:
    title = ""
    blocks: list[_Block] = []
    current: list[str] = []
    start = 0
    ids: list[str] = []
    tags: list[str] = []

    def close() -> None:
        nonlocal current, ids, tags
        if current:
            blocks.append(_Block(start, "\n".join(current), ids, tags))
        current, ids, tags = [], [], []

    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            close()
            continue
        if stripped.startswith("//"):
            ids += _COMMENT_ID.findall(stripped)
            tags += _COMMENT_TAG.findall(stripped)
            continue
        if stripped.startswith("$CATEGORY:") and not current:
            title = stripped[len("$CATEGORY:"):].strip().replace("//", "\0").rsplit("/", 1)[-1].replace("\0", "/")
            continue
        if not current:
            start = number
        current.append(line)
    close()
    return title, blocks


class GiftReader(SourceReader):
    def parse(self, data: bytes) -> list[NeutralQuestion]:
        try:
            source = data.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError as error:
            self.context.error(data.count(b"\n", 0, error.start) + 1, "", "F112", hint=encoding_hint(data))
            return []
        self.title, blocks = _blocks(source)
        questions: list[NeutralQuestion] = []
        taken: set[str] = set()
        for block in blocks:
            question = self._question(block, len(questions) + 1, taken)
            if question is not None:
                questions.append(question)
        return questions

    def _warn(self, block: _Block, code: str, **args: object) -> None:
        self.context.warn(block.line, "", code, **args)

    def _question(self, block: _Block, number: int, taken: set[str]) -> NeutralQuestion | None:
        body = _hide_escapes(block.text.strip())
        name = ""
        if body.startswith("::") and "::" in body[2:]:
            name, body = body[2:].split("::", 1)
            body = body.lstrip()
        match = _FORMAT.match(body)
        text_format = match.group(1) if match else "moodle"
        body = body[match.end():] if match else body
        if "{" not in body:
            self._warn(block, "I1668")
            return None
        before, _, rest = body.partition("{")
        if "}" not in rest:
            self.context.error(block.line, "", "I1669", problem=text("I1670"))
            return None
        answers, _, after = rest.partition("}")
        if "{" in after:
            self.context.error(block.line, "", "I1669", problem=text("I1671"))
            return None
        answers, _, general = answers.partition("####")
        answers = answers.strip()
        question = NeutralQuestion(id="", type="", prompt="", where=str(block.line))

        def rich(value: str) -> str | None:
            value = _restore(value)
            if text_format == "html":
                if images_in(value):
                    self._warn(block, "I1674", src=images_in(value)[0])
                    return None
                return html_to_markdown(value)
            return value

        if after.strip():
            prompt = rich(before.rstrip(" ") + (" " if before.endswith(" ") else "") + BLANK
                          + (" " if after.startswith(" ") else "") + after.lstrip(" "))
        else:
            prompt = rich(before)
        explanation = rich(general)
        if prompt is None or explanation is None:
            return None
        question.prompt, question.explanation = prompt, explanation
        if not question.prompt:
            self._warn(block, "I1662", part=text("I1676"))
            return None
        if not self._answers(block, answers, question, rich):
            return None
        question.competency = self.context.competencies([_restore(t) for t in block.tags], block.line, "",
                                                        warn_unknown=False)
        wanted = _restore(block.ids[0]) if block.ids else _restore(name)
        question.id = unique_id(wanted, taken, number)
        if wanted and question.id != wanted:
            self._warn(block, "I1650", value=wanted, id=question.id)
        return question

    def _answers(self, block: _Block, answers: str, question: NeutralQuestion, rich) -> bool:
        if not answers:
            self._warn(block, "I1658", qtype="essay")
            return False
        if answers.startswith("#"):
            number = answers[1:].strip().lstrip("=").strip()
            if re.fullmatch(r"-?\d+(\.\d+)?", number):
                question.type, question.answers = "fill", [number]
                return True
            self._warn(block, "I1658", qtype="numerical")
            return False
        true_false = _TRUE_FALSE.match(answers)
        if true_false:
            question.type, question.answer = "true-false", true_false.group(1).upper().startswith("T")
            if true_false.group(2) and _restore(true_false.group(2).replace("#", "")):
                self._warn(block, "I1666")
            return True
        tokens = _TOKEN.findall(answers)
        if not tokens:
            self.context.error(block.line, "", "I1669", problem=answers[:60])
            return False
        if all(sign == "=" and "->" in value for sign, _, value in tokens):
            question.type = "match"
            for _, _, value in tokens:
                left, _, right = value.partition("->")
                left_text = rich(left)
                if left_text is None:
                    return False
                question.pairs.append((left_text, _restore(right)))
            return True
        weighted: list[tuple[str, float, str, str]] = []
        for sign, weight, value in tokens:
            answer_text, _, feedback = value.partition("#")
            try:
                share = float(weight) if weight else (100.0 if sign == "=" else 0.0)
            except ValueError:
                self.context.error(block.line, "", "I1669", problem=text("I1672", weight=weight))
                return False
            weighted.append((sign, share, answer_text, feedback))
        if all(sign == "=" for sign, *_ in weighted):
            question.type = "fill"
            for _, share, value, _ in weighted:
                if share >= 99.99:
                    question.answers.append(_restore(value))
                else:
                    self._warn(block, "I1664", answer=_restore(value), fraction=f"{share:g}")
            return bool(question.answers)
        right = [share for _, share, _, _ in weighted if share > 0]
        partial = any(0 < share < 99.99 for share in right)
        # A wrong choice that costs points belongs to a multiple-answer question, even with one right choice.
        penalised = any(share < 0 for _, share, _, _ in weighted)
        question.type = "single" if len(right) == 1 and not partial and not penalised else "multiple"
        for _, share, value, feedback in weighted:
            choice_text, feedback_text = rich(value), rich(feedback)
            if choice_text is None or feedback_text is None:
                return False
            question.choices.append(NeutralChoice(choice_text, share > 0, feedback_text))
        if not right:
            self._warn(block, "I1660")
            return False
        return True


def read_gift(path: Path, context: ImportContext) -> tuple[str, list[NeutralQuestion]]:
    return GiftReader(context).read(path)
