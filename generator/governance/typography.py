"""Chinese copywriting lint for trainers' text (autocorrect): full-width punctuation inside Chinese, a space
between Chinese and Latin letters or digits. Reported by `validate` as warnings with file and line;
`validate --fix` rewrites what it reports.

YAML is checked value by value (autocorrect on a whole YAML file would turn the commas of a flow list
`[投诉, 情绪管理]` into full-width ones and make one string of it); Markdown bodies as Markdown (code left alone).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import autocorrect_py

from generator.errors import Problem, ProblemLog, problem
from generator.model.entities import Curriculum
from generator.model.layout import ContentLayout
from generator.model.source import LineDict, LineList, parse_yaml, split_front_matter

# Brackets stay as written by autocorrect's own rules; full-width ones are set below, next to Chinese.
autocorrect_py.load_config('{"rules": {"space-bracket": 0}}')  # type: ignore[attr-defined]
_CJK = "[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”]"
_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_BEFORE = re.compile(rf"(?<={_CJK})([,:;?!()])")
_AFTER = re.compile(rf"([,:;?!(])(?={_CJK})")
_SPACED = re.compile(r"[ \t]+([（），：；！？。、])")
_SPACE_AFTER = re.compile(r"([（），：；！？。、])[ \t]+(?=\S)")
# Straight double quotes around Chinese text (not an attribute value: no = before, no tags inside).
_QUOTED = re.compile(r'(?<![=A-Za-z0-9_\\])"([^"\n<>=]*[\u4e00-\u9fff][^"\n<>=]*)"')
_PAIR = re.compile(r"（([^（）()]*)\)|\(([^（）()]*)）")


def better(text: str) -> str:
    """autocorrect's spacing and punctuation, then full-width brackets and the punctuation right next to
    Chinese that it leaves half-width (before Latin text or after a bracket)."""
    result = autocorrect_py.format(text)
    for _ in range(3):
        result = _AFTER.sub(lambda m: _FULL[m.group(1)], _BEFORE.sub(lambda m: _FULL[m.group(1)], result))
    result = _PAIR.sub(lambda m: f"（{m.group(1) if m.group(1) is not None else m.group(2)}）", result)
    result = _QUOTED.sub(r"“\1”", result)
    return _SPACED.sub(r"\1", _SPACE_AFTER.sub(r"\1", result))


@dataclass(frozen=True)
class Suggestion:
    file: str
    line: int
    old: str
    new: str


def _strings(value: object, line: int) -> Iterator[tuple[str, int]]:
    if isinstance(value, LineDict):
        for key, item in value.items():
            yield from _strings(item, value.key_lines.get(key, line))
    elif isinstance(value, LineList):
        for item, item_line in zip(value, value.item_lines):
            yield from _strings(item, item_line)
    elif isinstance(value, str):
        yield value, line


def _yaml_suggestions(file: str, text: str, first_line: int = 1) -> list[Suggestion]:
    data = parse_yaml(text, file, ProblemLog(), first_line)
    suggestions = []
    for value, line in _strings(data, first_line):
        for index, part in enumerate(value.split("\n")):
            improved = better(part)
            if improved != part:
                suggestions.append(Suggestion(file, line + index + (1 if "\n" in value else 0), part, improved))
    return suggestions


def _markdown_suggestions(file: str, body: str, first_line: int) -> list[Suggestion]:
    result = autocorrect_py.lint_for(body, "page.md")
    found = {first_line + item.line - 1: Suggestion(file, first_line + item.line - 1, item.old, item.new)
             for item in result.lines}
    fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        # Code, HTML, and the quoted titles of admonitions (!!! note "标题") keep their ASCII quotes.
        if fence or "`" in line or "<" in line or line.lstrip().startswith(("!!!", "???")):
            continue
        current = found[number].new if number in found else line
        quoted = _QUOTED.sub(r"“\1”", current)
        if quoted != current:
            found[number] = Suggestion(file, number, found[number].old if number in found else line, quoted)
    return list(found.values())


def suggestions(layout: ContentLayout, curriculum: Curriculum) -> list[Suggestion]:
    found: list[Suggestion] = []
    for file in _content_files(layout, curriculum):
        path = layout.root / file
        text = path.read_text(encoding="utf-8")
        if file.endswith(".md"):
            source = split_front_matter(text)
            if source is None:
                found += _markdown_suggestions(file, text, 1)
                continue
            found += _yaml_suggestions(file, source.front_matter, source.front_matter_line)
            found += _markdown_suggestions(file, source.body, source.body_line)
        else:
            found += _yaml_suggestions(file, text)
    return found


def _content_files(layout: ContentLayout, curriculum: Curriculum) -> list[str]:
    files = [f"{layout.docs_dir}/{page}" for page in curriculum.pages]
    files += [bank.file for bank in curriculum.quizzes] + [rubric.file for rubric in curriculum.rubrics]
    files += [curriculum.model.file]
    for optional in (f"{layout.docs_dir}/glossary.yml", layout.handbooks_file):
        if (layout.root / optional).is_file():
            files.append(optional)
    return sorted(dict.fromkeys(files))


def as_warnings(found: list[Suggestion]) -> list[Problem]:
    return [problem(s.file, s.line, "", "W1203", old=_short(s.old), new=_short(s.new)) for s in found]


def _short(text: str, limit: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def apply(layout: ContentLayout, found: list[Suggestion]) -> list[str]:
    """Rewrite each suggested line in place; returns the files changed."""
    by_file: dict[str, list[Suggestion]] = {}
    for suggestion in found:
        by_file.setdefault(suggestion.file, []).append(suggestion)
    changed = []
    for file, items in by_file.items():
        path = layout.root / file
        lines = path.read_text(encoding="utf-8").split("\n")
        for item in items:
            index = item.line - 1
            if 0 <= index < len(lines) and item.old in lines[index]:
                lines[index] = lines[index].replace(item.old, item.new, 1)
        text = "\n".join(lines)
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            changed.append(file)
    return changed


__all__ = ["Suggestion", "apply", "as_warnings", "suggestions"]


# Half-width marks touching Chinese in text the portal or its PDFs show (thin spaces the typesetter puts
# between Chinese and Latin text do not separate them).
_HALF_WIDTH_BY_CHINESE = re.compile(
    rf"(?<={_CJK})[ \u2009\u200a\u202f]*[,:;?!()]|[,:;?!(][ \u2009\u200a\u202f]*(?={_CJK})")


def half_width_by_chinese(text: str) -> list[str]:
    """Each half-width , : ; ? ! ( ) next to a Chinese character, with a few characters around it."""
    return [text[max(0, m.start() - 10):m.end() + 10].replace("\n", " ") for m in _HALF_WIDTH_BY_CHINESE.finditer(text)]
