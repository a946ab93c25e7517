"""The six question types, in one table: how each is answered, scored, shown on paper and scrambled.

The loader, the templates (web and paper) and the browser code take their labels and rules from here;
the build embeds the table in the quiz script (generator.browser).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class QuestionType:
    id: str
    label: str  # what learners and printed papers call it
    answer: str  # how it is answered (and laid out on paper): "one" or "any" of the choices, "true-false",
    # "text", "order", "pairs"
    partial_credit: bool  # scored by the share answered rightly when the bank allows partial credit
    never_written_order: bool  # its items are shown in an order that is never the written one (the answer)
    interaction: str  # its xAPI interactionType in learning records


QUESTION_TYPES: dict[str, QuestionType] = {t.id: t for t in (
    QuestionType("single", "单选题", "one", False, False, "choice"),
    QuestionType("multiple", "多选题", "any", True, False, "choice"),
    QuestionType("true-false", "判断题", "true-false", False, False, "true-false"),
    QuestionType("fill", "填空题", "text", False, False, "fill-in"),
    QuestionType("order", "排序题", "order", True, True, "sequencing"),
    QuestionType("match", "配对题", "pairs", True, True, "matching"),
)}


def label(type_id: str) -> str:
    return QUESTION_TYPES[type_id].label


def browser_table() -> dict[str, dict]:
    """The table as the quiz script reads it."""
    return {type_id: {k: v for k, v in asdict(kind).items() if k != "id"}
            for type_id, kind in QUESTION_TYPES.items()}
