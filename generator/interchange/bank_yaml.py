"""An imported bank as the YAML file trainers keep (block style, Chinese as written, one key per line), checked by
the model's own bank reader and cross-file checks before anything is written."""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from generator.errors import Problem, ProblemLog
from generator.interchange.neutral import NeutralBank, NeutralQuestion
from generator.model.checks import check_curriculum
from generator.model.curriculum_files import read_quiz
from generator.model.entities import Curriculum, QuizBank
from generator.model.source import ContentLimits


class _BankDumper(yaml.SafeDumper):
    """Multi-line text as `|` blocks, so a trainer reads and edits it as written; sequences indented under their
    key (`key:\n  - item`), as the repository's banks are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


class _Flow(list):
    """A short list written on one line, as the contract writes answers and pairs: `[FCR, 一次解决率]`."""


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_BankDumper.add_representer(str, _text)
_BankDumper.add_representer(_Flow, _flow)


def _question(question: NeutralQuestion) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "type": question.type}
    if question.competency:
        data["competency"] = question.competency
    if question.points != 1:
        data["points"] = question.points
    data["prompt"] = question.prompt
    if question.type in ("single", "multiple"):
        data["choices"] = []
        for choice in question.choices:
            item: dict[str, Any] = {"text": choice.text}
            if choice.correct:
                item["correct"] = True
            if choice.feedback:
                item["feedback"] = choice.feedback
            data["choices"].append(item)
    elif question.type == "true-false":
        data["answer"] = question.answer
    elif question.type == "fill":
        data["answers"] = _Flow(question.answers)
    elif question.type == "order":
        data["items"] = list(question.items)
    elif question.type == "match":
        data["pairs"] = [_Flow(pair) for pair in question.pairs]
    if question.explanation:
        data["explanation"] = question.explanation
    return data


def bank_yaml(bank: NeutralBank, source_note: str = "") -> str:
    data: dict[str, Any] = {"id": bank.id, "title": bank.title, "mode": bank.mode, "pass_score": bank.pass_score}
    if bank.draw is not None:
        data["draw"] = bank.draw
    if not bank.shuffle:
        data["shuffle"] = False
    if bank.partial_credit:
        data["partial_credit"] = True
    data["questions"] = [_question(question) for question in bank.questions]
    body = yaml.dump(data, Dumper=_BankDumper, allow_unicode=True, sort_keys=False, default_flow_style=False,
                     width=1000, indent=2)
    header = "".join(f"# {line}\n" for line in source_note.splitlines() if line)
    return header + body


def check_bank_text(text: str, file: str, curriculum: Curriculum, limits: ContentLimits) -> tuple[
        QuizBank | None, list[Problem]]:
    """The bank as `validate` would read it in this repository, replacing any bank kept in the same file: the
    problems the model finds in it, and those the whole content would have with it (a course pointing at a bank
    that is now an exam, a bank id used twice, an unknown competency)."""
    log = ProblemLog()
    size = len(text.encode("utf-8"))
    if size > limits.max_file_bytes:
        log.add(file, 0, "", "F111", size=size // 1024, limit=limits.max_file_bytes // 1024)
        return None, log.problems
    bank = read_quiz(file, text, log, limits)
    if bank is None or log.problems:
        return bank, log.problems
    others = [other for other in curriculum.quizzes if other.file != file]
    check_curriculum(dataclasses.replace(curriculum, quizzes=[*others, bank], warnings=[], unread={}), log)
    return bank, log.problems
