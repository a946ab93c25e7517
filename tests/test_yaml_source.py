"""The one YAML reader of the build (generator/model/source.py), in process: it builds what PyYAML's safe loader
builds, keeps lines, refuses aliases of every shape, and its cheap nesting bound never under-counts."""

from __future__ import annotations

import pytest
import yaml

from generator.errors import ProblemLog
from generator.model.source import _SAFE_TO_COMPOSE, LineDict, LineList, _nesting_bound, parse_yaml

DOCUMENTS = [
    "id: q1\nprompt: 客户说：“我要退款”\nscore: 3\nratio: 0.5\nok: true\nnothing: null\nempty:\n",
    "questions:\n  - id: q1\n    choices:\n      - text: 甲\n        correct: true\n      - text: 乙\n",
    'questions: [{"id": "q1", "choices": [{"text": "甲", "correct": true}], "tags": []}]\n',
    "- - - a\n  - b\n- c: {d: [1, 2, {e: f}]}\n",
    "? complex key\n: value\n",
    "tags: !!set {a, b}\nordered: !!omap [{a: 1}, {b: 2}]\nn: !!str 12\nm: !!int '12'\nf: !!float '1.5'\n",
    "text: |\n  第一行\n  第二行\nfolded: >\n  一\n  二\nquoted: '单引号 '' 里'\n",
    "date: 2026-12-04\nwhen: 2026-02-30\n",
]


def _read(text: str) -> tuple[object, ProblemLog]:
    log = ProblemLog()
    return parse_yaml(text, "f.yml", log), log


class _NoDates(yaml.SafeLoader):
    pass


_NoDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("text", DOCUMENTS)
def test_what_is_built_equals_pyyaml_safe_loader(text):
    data, log = _read(text)
    assert not log.problems
    assert data == yaml.load(text, Loader=_NoDates)


def test_every_key_is_a_string():
    data, log = _read("[a, b]: listed key\n12: number key\ntrue: yes\n")
    assert not log.problems and data == {"['a', 'b']": "listed key", "12": "number key", "True": True}


def test_mappings_and_sequences_remember_their_lines():
    data, _ = _read(DOCUMENTS[1])
    assert isinstance(data, LineDict) and data.key_lines == {"questions": 1}
    questions = data["questions"]
    assert isinstance(questions, LineList) and questions.item_lines == [2]
    choices = questions[0]["choices"]
    assert choices.item_lines == [4, 6] and choices[1].key_lines == {"text": 6}
    again, _ = _read("a: 1\nb: 2\na: 3\n")
    assert again.duplicate_keys == [("a", 3)] and again["a"] == 3


@pytest.mark.parametrize("text, line", [
    ("x: &a [1, 2]\ny: *a\n", 2),
    ("x: &a word\ny: *a\n", 2),
    ("x: &a [1, *a]\n", 1),
    ("x: &a [*a]\n", 1),
    ("x: &m {k: [*m]}\n", 1),
    ("set: !!set {? &k a, ? b}\nother: *k\n", 2),
    ("<<: {a: 1}\n", 1),
])
def test_every_alias_is_refused_at_its_line(text, line):
    data, log = _read(text)
    assert data is None
    assert [(problem.line, problem.code) for problem in log.problems] == [(line, "Y202")]


def _depth(text: str) -> int:
    loader, depth, deepest = yaml.CSafeLoader(text), 0, 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()
    return deepest


NESTED = [
    "- " * 300 + "x\n",
    "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v\n",
    "[" * 300 + "]" * 300 + "\n",
    "{a: " * 300 + "x" + "}" * 300 + "\n",
    "[a: " * 300 + "x" + "]" * 300 + "\n",
    "".join(" " * (2 * i) + "- k:\n" for i in range(150)) + " " * 300 + "- x\n",
    '{"a": ' * 200 + '"' + "长" * 3000 + '"' + "}" * 200 + "\n",
    "? " * 200 + "x\n",
    DOCUMENTS[2],
    "#--\n" * 1001 + "[?\n" * 10 + "x\n" + "]\n" * 10,  # a one-pair mapping in each flow sequence, lines short
    "#" + "-" * 2500 + "\n" + "[a: " * 30 + "x" + "]" * 30 + "\n",
]


@pytest.mark.parametrize("text", NESTED)
def test_the_nesting_bound_never_under_counts(text):
    assert _nesting_bound(text) >= _depth(text) > 0


def test_a_long_line_alone_does_not_make_a_file_look_deep():
    """A bank in JSON style, or a prompt written on one line, is composed directly rather than scanned first."""
    prompt = "客户反映" + "，".join(["物流延迟三天仍未送达"] * 300)
    bank = f'questions: [{{"id": "q1", "prompt": "{prompt}", "choices": [{{"text": "甲"}}]}}]\n'
    assert len(bank) > 3000 and _nesting_bound(bank) < _SAFE_TO_COMPOSE
    data, log = _read(bank)
    assert not log.problems and data["questions"][0]["prompt"] == prompt


@pytest.mark.parametrize("text", [
    "x: " + "!!omap [a: " * 10 + "1" + "]" * 10 + "\n# " + "a" * 1000 + "\n",
    "x: " + "!!pairs [a: " * 11 + "1" + "]" * 11 + "\n",
    "x: !!omap\n" + "".join(" " * (2 + 4 * i) + f"- k{i}: !!omap\n" for i in range(12)) + " " * 50 + "- end: 1\n",
])
def test_tagged_collections_count_toward_the_depth_limit(text):
    data, log = _read(text)
    assert data is None and [problem.code for problem in log.problems] == ["Y203"]


def test_deep_nesting_with_few_indicators_per_line_is_still_refused_not_crashed():
    data, log = _read("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert data is None and [(problem.line, problem.code) for problem in log.problems] == [(1, "Y203")]
