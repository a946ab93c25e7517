"""YAML and front matter parsing that keeps line numbers for every key and list item."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import ProblemLog


class LineDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]


class LineList(list):
    """A YAML sequence that remembers the line of itself and of each item."""

    line: int = 0
    item_lines: list[int]


# libyaml's parser when PyYAML has it (about ten times faster on thousands of files), else pure Python.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """Safe loader that records lines and leaves dates as strings.

    Dates stay strings so that an impossible date such as 2026-02-30 becomes one located
    problem instead of a parse failure of the whole file.
    """

    line_offset = 0


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.key_lines = {}
    result.duplicate_keys = []
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = key if isinstance(key, str) else str(key)
        line = key_node.start_mark.line + 1 + loader.line_offset
        if key in result:
            result.duplicate_keys.append((key, line))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1 + loader.line_offset
    result.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# Parsed documents by (text, first line), for the previews of `make serve`, which load the whole
# curriculum again on every save: an unchanged file is not parsed twice. Readers never modify them.
_PARSED: dict[tuple[str, int], Any] = {}
_PARSED_LIMIT = 50_000


def parse_yaml(text: str, file: str, log: ProblemLog, first_line: int = 1) -> Any:
    """Parse YAML; a syntax error is logged at its line and yields None."""
    key = (text, first_line)
    if key in _PARSED:
        return _PARSED[key]
    data = _parse_yaml(text, file, log, first_line)
    if data is not None:
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[key] = data
    return data


def _parse_yaml(text: str, file: str, log: ProblemLog, first_line: int) -> Any:
    loader = _LineLoader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        log.add(file, line, "", f"invalid YAML: {error.problem or error.context}")
    except yaml.YAMLError as error:
        log.add(file, first_line, "", f"invalid YAML: {error}")
    finally:
        loader.dispose()
    return None


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class MarkdownSource:
    front_matter: str
    front_matter_line: int
    body: str
    body_line: int


def split_front_matter(text: str) -> MarkdownSource | None:
    """Split a Markdown file into its YAML front matter and body; None when it has none."""
    text = text.lstrip("\ufeff")
    if not text.startswith("---"):
        return None
    first = _FENCE.match(text)
    if not first:
        return None
    closing = _FENCE.search(text, first.end())
    if not closing:
        return None
    front_matter = text[first.end() + 1 : closing.start()]
    body = text[closing.end() :].lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return MarkdownSource(front_matter, 2, body, body_line)
