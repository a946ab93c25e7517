"""What a target format cannot express, noted per question as the export goes, printed after it."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.interchange.neutral import NeutralBank, NeutralQuestion
from generator.messages import text


@dataclass
class Notes:
    lines: list[str] = field(default_factory=list)
    codes: list[tuple[str, str, str]] = field(default_factory=list)  # (bank, question, code), for tests

    def add(self, bank: NeutralBank, question: NeutralQuestion | None, code: str, **args: object) -> None:
        self.codes.append((bank.id, question.id if question else "", code))
        self.lines.append(text("I1686", bank=bank.id, question=question.id if question else "",
                               note=text(code, **args)).replace("  ", " "))
