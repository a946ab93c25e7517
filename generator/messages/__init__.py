"""Every message trainers and operators read, under a stable code, in Simplified Chinese (the default) and
English (`--lang en`, the plugin option `language: en`, or TRAINING_LANG=en).

Codes never change meaning: tests, CI annotations and trainers' notes refer to them. A message names what
was expected; the caller adds the file, line and field. The messages themselves are in this package's modules by
who reads them: content.py (the content trainers write), commands.py, interchange.py, records.py.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Iterable
from typing import Any

from generator.messages import commands, content, interchange, records
from generator.messages.message import Message

LANGUAGES = ("zh", "en")
_language = os.environ.get("TRAINING_LANG", "zh") if os.environ.get("TRAINING_LANG") in LANGUAGES else "zh"


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    _language = language


def language() -> str:
    return _language


_MESSAGES = (*content.MESSAGES, *commands.MESSAGES, *interchange.MESSAGES, *records.MESSAGES)
CATALOGUE: dict[str, Message] = {message.code: message for message in _MESSAGES}

# What a reference or an id names: Chinese, English with its article, English plain.
KINDS = {
    "tier": ("层级", "a tier", "tier"),
    "dimension": ("能力维度", "a dimension", "dimension"),
    "competency": ("胜任力", "a competency", "competency"),
    "audience": ("受众", "an audience", "audience"),
    "format": ("授课形式", "a format", "format"),
    "course": ("课程", "a course", "course"),
    "course or path": ("课程或路径", "a course or path", "course or path"),
    "quiz bank": ("题库", "a quiz bank", "quiz bank"),
    "rubric": ("评分表", "a rubric", "rubric"),
    "handbook": ("手册", "a handbook", "handbook"),
    "learning path": ("学习路径", "a learning path", "learning path"),
    "tag": ("课程标签", "a tag of any course", "tag"),
    "question": ("题目", "a question", "question"),
    "criterion": ("评分项", "a criterion", "criterion"),
    "step course": ("路径步骤中的课程", "a step course", "step course"),
    "scenario": ("情景模拟", "a scenario", "scenario"),
    "cohort": ("培训班", "a cohort", "cohort"),
    "survey": ("问卷", "a survey", "survey"),
    "survey item": ("问卷题目", "a survey item", "survey item"),
    "case": ("案例", "a case", "case"),
}


def kind_args(kind: str, article: bool = True, within: str = "") -> dict[str, str]:
    """`kind` (Chinese) and `kind_en` (English, with its article for “is not a …”) for R401/R402; `within`
    names the bank, rubric or path an id must be unique in."""
    zh, en_article, en = KINDS[kind]
    if within:
        return {"kind": f"“{within}”中的{zh}", "kind_en": f"{en} (in '{within}')"}
    return {"kind": zh, "kind_en": en_article if article else en}
assert len(CATALOGUE) == len(_MESSAGES), "message codes are unique"


def counted(count: int, noun: str) -> str:
    """English: 1 rubric, 2 rubrics, 1 quiz bank."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def text(code: str, **args: Any) -> str:
    message = CATALOGUE[code]
    return (message.en if _language == "en" else message.zh).format(**args)


def os_error_reason(error: OSError) -> str:
    """Why the system refused a file operation, in the reader's language, with the file it concerned."""
    codes = {errno.ENOSPC: "P1016", errno.EDQUOT: "P1017", errno.EROFS: "P1018", errno.EACCES: "P1019",
             errno.EPERM: "P1019", errno.ENOENT: "P1020", errno.EIO: "P1021", errno.ENOTDIR: "P1022",
             errno.EEXIST: "P1023", errno.EISDIR: "P1024"}
    code = codes.get(error.errno or 0)
    reason = text(code) if code else (error.strerror or str(error))
    where = f" ({error.filename})" if error.filename else ""
    return f"{reason}{where}"


def describe(value: Any) -> str:
    """How a found value is named in messages."""
    zh = _language != "en"
    if value is None:
        return "空值" if zh else "nothing"
    if isinstance(value, bool):
        return (f"布尔值 {str(value).lower()}") if zh else f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"数字 {value}" if zh else f"the number {value}"
    if isinstance(value, str):
        return f"“{value}”" if zh else f"'{value}'"
    if isinstance(value, list):
        return "列表" if zh else "a list"
    if isinstance(value, dict):
        return "映射" if zh else "a mapping"
    if isinstance(value, (bytes, bytearray)):  # a !!binary value
        return "二进制数据" if zh else "binary data"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"日期 {value.isoformat()}" if zh else f"the date {value.isoformat()}"
    return f"{type(value).__name__} 类型的值" if zh else f"a value of type {type(value).__name__}"


def one_of(values: Iterable[str]) -> str:
    values = list(values)
    if not values:
        return "（未定义）" if _language != "en" else "(none defined)"
    return ("、" if _language != "en" else ", ").join(values)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not close:
        return ""
    return f"；是不是“{close[0]}”？" if _language != "en" else f"; did you mean '{close[0]}'?"
