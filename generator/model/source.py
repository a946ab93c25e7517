"""Parsing untrusted YAML and front matter, keeping the line of every key and list item.

Every YAML the build reads goes through `parse_yaml`: one loader that refuses aliases (a 1 KB file of
nested aliases expands into gigabytes wherever the data is copied or rendered), caps nesting depth
(libyaml's composer recurses in C and crashes the process on very deep nesting; the constructor
recurses in Python) and reports every refusal, and any value Python cannot hold, as a located problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from generator.errors import ProblemLog


@dataclass(frozen=True)
class ContentLimits:
    """Bounds on what one content file may cost to read (plugin options `max_file_kb`, `max_yaml_depth`)."""

    max_file_bytes: int = 1024 * 1024
    max_yaml_depth: int = 20
    max_markdown_depth: int = 20


class LineDict(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]
    duplicate_keys: list[tuple[str, int]]


class LineList(list):
    """A YAML sequence that remembers the line of itself and of each item."""

    line: int = 0
    item_lines: list[int]


# libyaml's parser (about ten times faster on thousands of files); PyYAML wheels always carry it.
_SafeLoader = yaml.CSafeLoader


class _Refused(Exception):
    def __init__(self, line: int, code: str, **args: Any) -> None:
        super().__init__(code)
        self.line = line
        self.code = code
        self.args_ = args


_STR = "tag:yaml.org,2002:str"
_MAPPING = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQUENCE = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG

ALIAS = "Y202"
TOO_DEEP = "Y203"


class _LineLoader(_SafeLoader):
    """Safe loader that records lines, leaves dates as strings, refuses aliases and caps depth.

    Dates stay strings so that an impossible date such as 2026-02-30 becomes one located
    problem instead of a parse failure of the whole file.
    """

    line_offset = 0
    max_depth = ContentLimits.max_yaml_depth
    depth = 0
    current_line = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # An alias is the anchored node met a second time.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(node.start_mark.line + 1 + self.line_offset, ALIAS)
        # Strings, mappings and sequences, nearly every node of the content, are built here directly: PyYAML's
        # general path (state generators, recursion books) took a third of the time of reading a quiz bank.
        # The placeholder marks a collection as met before its children are built, so an alias inside it to
        # itself is refused too.
        tag = node.tag
        if tag == _STR and type(node) is yaml.ScalarNode:
            value: Any = node.value
        elif tag == _MAPPING and type(node) is yaml.MappingNode:
            self.constructed_objects[node] = None
            value = _construct_mapping(self, node)
        elif tag == _SEQUENCE and type(node) is yaml.SequenceNode:
            self.constructed_objects[node] = None
            value = _construct_sequence(self, node)
        else:
            self.current_line = node.start_mark.line + 1 + self.line_offset
            if isinstance(node, yaml.CollectionNode):  # a tagged one (!!omap, !!set ...): PyYAML builds its levels
                too_deep = _deeper_than(node, self.max_depth - self.depth)
                if too_deep is not None:
                    raise _Refused(too_deep.start_mark.line + 1 + self.line_offset, TOO_DEEP, limit=self.max_depth)
            return super().construct_object(node, deep=True)
        self.constructed_objects[node] = value
        return value


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _deeper_than(node: yaml.Node, allowed: int) -> yaml.Node | None:
    """The first collection below `node` (itself included) more than `allowed` levels deep, found without recursion
    (a recursive alias met on the way is left to the alias check)."""
    seen: set[int] = set()
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if not isinstance(current, yaml.CollectionNode) or id(current) in seen:
            continue
        if depth > allowed:
            return current
        seen.add(id(current))
        children = current.value if isinstance(current, yaml.SequenceNode) else [n for pair in current.value for n in pair]
        stack.extend((child, depth + 1) for child in children)
    return None


def _nest(loader: _LineLoader, node: yaml.Node) -> int:
    line = node.start_mark.line + 1 + loader.line_offset
    loader.depth += 1
    if loader.depth > loader.max_depth:
        raise _Refused(line, TOO_DEEP, limit=loader.max_depth)
    return line


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = _nest(loader, node)
    result.key_lines = {}
    result.duplicate_keys = []
    try:
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node.start_mark.line + 1 + loader.line_offset, ALIAS)
            key = loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, str) else str(key)
            line = key_node.start_mark.line + 1 + loader.line_offset
            if key in result:
                result.duplicate_keys.append((key, line))
            result[key] = loader.construct_object(value_node, deep=True)
            result.key_lines[key] = line
    finally:
        loader.depth -= 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    line = _nest(loader, node)
    try:
        result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    finally:
        loader.depth -= 1
    result.line = line
    result.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return result


_LineLoader.add_constructor(_MAPPING, _construct_mapping)
_LineLoader.add_constructor(_SEQUENCE, _construct_sequence)


# Below this bound on the nesting a text can hold, libyaml composes it safely (it crashes beyond
# about 10,000 levels); above it, the events are scanned first, which takes no recursion.
_SAFE_TO_COMPOSE = 2000


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth, the lower of two. Each level opens with a character of its own: a
    bracket or brace, or the `-`, `?` or `:` of its first entry. And each block level needs a column, each flow
    level a bracket or, for a one-pair mapping inside a flow sequence (`[? a]`, `[a: b]`), a `?` or `:`. (The
    second alone sent every file with one long line, a prompt written on one line or a bank in JSON style,
    through the slower scan.)"""
    flow = text.count("[") + text.count("{")
    keys = text.count("?") + text.count(":")
    indicators = flow + keys + text.count("-")
    if indicators <= _SAFE_TO_COMPOSE:
        return indicators
    longest = max((len(line) for line in text.splitlines()), default=0)
    return min(indicators, flow + keys + 2 * longest + 2)


def _scan_events(text: str, limits: ContentLimits, line_offset: int) -> None:
    loader = _SafeLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event: Any = loader.get_event()
            line = event.start_mark.line + 1 + line_offset
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(line, ALIAS)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > limits.max_yaml_depth:
                    raise _Refused(line, TOO_DEEP, limit=limits.max_yaml_depth)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _first_alias_line(text: str, line_offset: int) -> int | None:
    try:
        _scan_events(text, ContentLimits(max_yaml_depth=10**9), line_offset)
    except _Refused as refused:
        return refused.line
    except yaml.YAMLError:
        pass
    return None


class ContentCache:
    """Parsed YAML, Markdown nesting depths, loaded quiz banks and courses, for the previews of `make serve`, which load
    the whole curriculum again on every save: an unchanged file is not parsed twice. Held by whoever rebuilds
    (the plugin); a one-off load passes none. Readers never modify what it holds."""

    LIMIT = 50_000

    def __init__(self) -> None:
        self.parsed: dict[tuple[str, int, ContentLimits], Any] = {}
        self.banks: dict[tuple[str, str, ContentLimits], Any] = {}
        self.nesting: dict[tuple[str, int], int | None] = {}
        self.entities: dict[tuple[str, str, str, ContentLimits], Any] = {}  # ContentReader.remembered
        self.checks: dict[tuple[Any, ...], tuple[tuple[Any, ...], list, list]] = {}  # checked

    def checked(self, name: str, subjects: tuple[Any, ...], check: Callable[[ProblemLog], None], log: ProblemLog) -> None:
        """What `check` finds about `subjects`, from the last load where they were the same objects (a remembered
        entity stays the same object while its file is unchanged): a scenario's best plays are not searched
        again on every save. The objects are kept with the findings, so an identity is never taken for another."""
        from generator.messages import language

        key = (name, language(), *map(id, subjects))
        found = self.checks.get(key)
        if found is None or any(kept is not subject for kept, subject in zip(found[0], subjects)):
            own = ProblemLog()
            check(own)
            found = (subjects, own.problems, own.warnings)
            self.remember(self.checks, key, found)
        log.problems.extend(found[1])
        log.warnings.extend(found[2])

    @staticmethod
    def remember(store: dict, key: Any, value: Any) -> None:
        if len(store) >= ContentCache.LIMIT:
            store.clear()
        store[key] = value


def parse_yaml(text: str, file: str, log: ProblemLog, first_line: int = 1,
               limits: ContentLimits = ContentLimits(), cache: ContentCache | None = None) -> Any:
    """Parse YAML; a syntax error or a refused construct is logged at its line and yields None."""
    key = (text, first_line, limits)
    if cache is not None and key in cache.parsed:
        return cache.parsed[key]
    data = _parse_yaml(text, file, log, first_line, limits)
    if data is not None and cache is not None:
        cache.remember(cache.parsed, key, data)
    return data


# A field name (ids and field names are ASCII in the contract) followed by a full-width colon: `duration：90`.
_FULL_WIDTH_KEY = re.compile(r"^[ ]*(?:-[ ]+)?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*：")


def _full_width_colon(lines: list[str]) -> tuple[int, str] | None:
    """The last line up to the error that writes a field name with a full-width colon, and that field."""
    for index in range(len(lines) - 1, -1, -1):
        found = _FULL_WIDTH_KEY.match(lines[index])
        if found:
            return index, found.group(1)
    return None


def _parse_yaml(text: str, file: str, log: ProblemLog, first_line: int, limits: ContentLimits) -> Any:
    loader = None
    try:
        if _nesting_bound(text) > _SAFE_TO_COMPOSE:
            _scan_events(text, limits, first_line - 1)
        loader = _LineLoader(text)
        loader.line_offset = first_line - 1
        loader.max_depth = limits.max_yaml_depth
        return loader.get_single_data()
    except _Refused as refused:
        line = refused.line
        if refused.code == ALIAS:  # the constructor meets the anchored node; name the alias's line
            line = _first_alias_line(text, first_line - 1) or line
        log.add(file, line, "", refused.code, **refused.args_)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else first_line
        lines = text.split("\n")
        full_width = _full_width_colon(lines[: (mark.line + 1) if mark else len(lines)])
        if full_width is not None:  # libyaml stumbles a line later and names a colon it did not see
            index, key = full_width
            log.add(file, index + first_line, key, "Y212", key=key)
            return None
        source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
        log.add(file, line, "", "Y201", problem=yaml_problem(str(error.problem or error.context), source_line))
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (a form feed, a bell …)
        # libyaml counts the position in bytes of UTF-8, not in characters
        line = text.encode("utf-8")[:error.position].count(b"\n") + first_line
        log.add(file, line, "", "Y211", character=f"U+{error.character:04X}" if isinstance(error.character, int)
                else repr(error.character), name=_character_name(error.character))
    except yaml.YAMLError as error:
        log.add(file, first_line, "", "Y201", problem=yaml_problem(str(error)))
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError, RecursionError,
            MemoryError) as error:
        # A value Python cannot hold, such as an integer of thousands of digits, or a value an explicit !!tag
        # cannot make (!!bool maybe, !!timestamp 2026-13-45): PyYAML's constructors raise whatever they meet.
        line = loader.current_line if loader is not None and loader.current_line else first_line
        from generator.messages import language

        log.add(file, line, "", "Y204", problem=_short(str(error)) if language() == "en" else "")
    finally:
        if loader is not None:
            loader.dispose()
    return None


# libyaml's words for each mistake it reports (its scanner's and parser's problems), said the way a trainer can act
# on them. In Chinese the English original is left out: a message is read by people who may not read English.
_YAML_HINTS = (
    (re.compile(r"did not find expected ',' or '\]'"), "列表的方括号 [ ] 没有闭合，或缺少逗号", "a list's [ ] is not closed, or a comma is missing"),
    (re.compile(r"did not find expected ',' or '\}'"), "映射的花括号 { } 没有闭合，或缺少逗号", "a mapping's { } is not closed, or a comma is missing"),
    (re.compile(r"mapping values are not allowed"), "这里不能出现“键: 值”：值里有“冒号加空格”时，请给整个值加上引号",
     "a 'key: value' cannot start here: when a value holds a colon and a space, put the value in quotes"),
    (re.compile(r"tab character|'\\t'|\\t"), "不能用 Tab 缩进，请改用空格", "indent with spaces, not tabs"),
    (re.compile(r"could not find expected ':'"), "缺少冒号“:”，或上一行的引号没有闭合", "a ':' is missing, or a quote above is not closed"),
    (re.compile(r"expected <block end>, but found"), "缩进不一致：同一层的字段应当对齐", "the indentation is inconsistent: fields of one level line up"),
    (re.compile(r"did not find expected key"), "缩进不一致，或列表项前少了“- ”", "the indentation is inconsistent, or a list item lacks '- '"),
    (re.compile(r"did not find expected '-' indicator"), "列表项缩进不一致，或少了“- ”", "a list item is indented differently, or lacks '- '"),
    (re.compile(r"block sequence entries are not allowed"), "这里不能开始一个列表项“- ”：请检查缩进，或给含“- ”的值加上引号",
     "a list item '- ' cannot start here: check the indentation, or quote a value that holds '- '"),
    (re.compile(r"mapping keys are not allowed"), "这里不能出现“? ”开头的键：请给这个值加上引号", "a '? ' key cannot start here: quote the value"),
    (re.compile(r"found unexpected end of stream"), "文件意外结束：有引号或括号没有闭合", "the file ends early: a quote or bracket is not closed"),
    (re.compile(r"found unexpected document indicator|did not find expected <document start>|incompatible YAML document|"
                r"duplicate %YAML directive|directive"),
     "一个文件里只能有一份内容：行首的“---”“...”或“%”有特殊含义，请删除它们或给这一行的值加上引号",
     "a file holds one document: '---', '...' or '%' at the start of a line have a meaning of their own; remove them or "
     "quote the value"),
    (re.compile(r"found unknown escape character|hexdecimal number|Unicode character escape code|URI escaped octet"),
     "双引号里的反斜杠“\\”不是有效的转义，请改用单引号或写成“\\\\”",
     "a backslash in double quotes is not a valid escape; use single quotes or write '\\\\'"),
    (re.compile(r"could not determine a constructor for the tag|tag handle|tag URI|expected '!'"),
     "不支持这个 YAML 标签（以 ! 开头的写法）；值以 ! 开头时请加上引号", "this YAML tag (starting with !) is not supported; quote a value that starts with !"),
    (re.compile(r"found character that cannot start any token"),
     "这一行的开头有 YAML 不允许的字符（例如 @、`、%，或 Tab 缩进）；请给值加上引号，缩进用空格",
     "this line starts with a character YAML does not allow here (such as @, `, % or a tab); quote the value and indent "
     "with spaces"),
    (re.compile(r"alphabetic or numeric character|anchor|alias"), "“&”或“*”开头的写法是 YAML 锚点，这里不允许；请给值加上引号",
     "a value starting with '&' or '*' is a YAML anchor or alias, not allowed here; quote the value"),
    (re.compile(r"indentation indicator|chomping"), "“|”或“>”后面的写法不对：多行文字请只写“|”或“>”，下一行开始缩进",
     "what follows '|' or '>' is wrong: write only '|' or '>' and indent the text on the next lines"),
    (re.compile(r"did not find expected node content|did not find expected whitespace or line break|"
                r"did not find expected comment or line break"),
     "这里缺少值，或值的写法不对：含有冒号、井号、引号等符号的值请加上引号",
     "a value is missing here or written wrongly: quote values that hold colons, hashes or quotes"),
)


def yaml_problem(problem: str, source_line: str = "") -> str:
    """What libyaml's description usually means, in the message language (English keeps the original too).
    `source_line` is the line it points at: an indent with a tab is named as such whatever libyaml says."""
    from generator.messages import language, text

    tab_indent = "\t" in source_line[: len(source_line) - len(source_line.lstrip())]
    for pattern, zh, en in _YAML_HINTS:
        if pattern.search("tab character" if tab_indent else problem):
            return zh if language() == "zh" else f"{en} ({_short(problem)})"
    return text("Y201.other") if language() == "zh" else _short(problem)


def _character_name(character: object) -> str:
    from generator.messages import text

    names = {0x09: "Y211.tab", 0x0B: "Y211.vertical-tab", 0x0C: "Y211.form-feed", 0x00: "Y211.nul"}
    return text(names.get(character, "Y211.control") if isinstance(character, int) else "Y211.control")


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


# MkDocs' own front-matter pattern (mkdocs.utils.meta.YAML_RE): an ordinary page's front matter is
# whatever MkDocs would parse, so that it is checked here first, with these bounds.
ENGINE_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def engine_front_matter(text: str) -> str | None:
    """The front matter a page engine would read from this page, or None."""
    match = ENGINE_FRONT_MATTER.match(text.lstrip("\ufeff"))
    return match.group(1) if match else None


_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_QUOTES = re.compile(r"^(?:[ \t]*>)+")
_MARKDOWN_HTML_OPEN = re.compile(r"<[A-Za-z][\w-]*\b[^>]*\bmarkdown\b[^>]*>")
_HTML_CLOSE = re.compile(r"</[A-Za-z][\w-]*\s*>")


def markdown_nesting(text: str, first_line: int, limit: int) -> int | None:
    """The first line where Markdown nests deeper than `limit` levels (lists by indentation, quotes,
    Markdown-in-HTML blocks), or None. Python-Markdown recurses per level: a few thousand characters of
    nested list take it minutes and then fail without naming the file."""
    fence: str | None = None
    html_depth = 0
    for number, line in enumerate(text.split("\n")):
        opened = _FENCE_OPEN.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        quotes = _QUOTES.match(line)
        html_depth += len(_MARKDOWN_HTML_OPEN.findall(line))
        html_depth = max(0, html_depth - len(_HTML_CLOSE.findall(line))) if html_depth else 0
        depth = max(indent // 4, quotes.group(0).count(">") if quotes else 0, html_depth)
        if depth > limit:
            return first_line + number
    return None
