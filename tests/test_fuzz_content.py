"""Property-based fuzzing of the sample content: whatever a file holds, loading ends in a curriculum or in
located problems, and rendering a loaded curriculum's pages never fails.

Hypothesis mutates one file of a copy of the repository's own content per example: random text and byte
edits, a YAML value replaced by any YAML value, and hostile constructs inserted (aliases, deep nesting,
tags, huge numbers, tabs, control characters). The seed is fixed (derandomize) so the suite stays
deterministic; FUZZ_EXAMPLES raises the count for a longer hunt.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from generator.errors import ContentError
from generator.model import Curriculum, load_curriculum
from generator.model.layout import ContentLayout
from generator.model.source import ContentCache
from generator.paper.cohort_pack import cohort_documents
from generator.paper.roleplay import kits_html
from generator.render import cohort as programme
from generator.render import create_environment, portal_parts
from generator.render import scenario as roleplay
from generator.render.quiz import render_quiz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "450"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

# Unchanged files are parsed once and templates compiled once, as in a preview; each example changes one file.
CACHE = ContentCache()
ENV = create_environment()
HOSTILE_SNIPPETS = [
    "x: &a [1, 2]\ny: *a\n", "<<: {a: 1}\n", "deep: " + "[" * 5000 + "]" * 5000 + "\n", "n: 1" + "0" * 6000 + "\n",
    "b: !!binary aGk=\n", "p: !!python/name:os.system\n", "s: !!set {a}\n", "t: !!timestamp 2026-13-45\n",
    "\tindent: tab\n", "id: id\nid: again\n", "? [complex, key]\n: value\n", "v: .nan\nw: -.inf\n",
    "title: [列表, 标题]\n", "date: 2026-02-30\n", "\x00\x01\x1b[31m\n", "\ufeff---\n", "...\n", "--- !!map\n",
    "- just\n- a\n- list\n", "'unclosed: quote\n", "k: >\n  folded\n  text\n", "k: |-\n  literal\n",
    "objectives:\n  - nope: 1\n  - [a]\n", "steps:\n  - course: [1]\n    milestone: {a: b}\n",
    "<script>alert(1)</script>\n", "[x](javascript:alert(1))\n", "" + "    - 项\n" * 3,
]
ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(list(":-[]{}&*!|>'\"#%@\t\n ,?`~"))


def yaml_values():
    leaves = (st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=True)
              | st.text(ALPHABET, max_size=40) | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(ALPHABET, max_size=10), inner, max_size=4), max_leaves=12)


def _content_files(root: Path) -> list[str]:
    files = [p.relative_to(root).as_posix() for folder in ("curriculum", "assessments")
             for p in sorted((root / folder).rglob("*")) if p.is_file()]
    return files + ["handbooks.yml"]


@pytest.fixture(scope="module")
def fuzz_repo(tmp_path_factory) -> ContentLayout:
    root = tmp_path_factory.mktemp("fuzz") / "content"
    root.mkdir()
    for name in ("curriculum", "assessments"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "handbooks.yml", root / "handbooks.yml")
    return ContentLayout(root)


class _Links:
    def course(self, course_id: str) -> str:
        return f"../{course_id}/"

    def path(self, path_id: str) -> str:
        return f"../{path_id}/"

    def quiz(self, bank_id: str) -> str:
        return f"../quizzes/{bank_id}/"

    def scenario(self, scenario_id: str) -> str:
        return f"../scenarios/{scenario_id}/"

    def cohort(self, cohort_id: str) -> str:
        return f"../cohorts/{cohort_id}/"

    def page(self, name: str) -> str:
        return f"../{name}/"

    def asset(self, name: str) -> str:
        return name


def _render_affected(curriculum: Curriculum, relative: str) -> None:
    """Render what the mutated file feeds: its course, path or bank pages, or every listing for shared files."""
    env, links, today = ENV, _Links(), dt.date(2026, 11, 1)
    courses = [c for c in curriculum.courses if c.file == relative or (c.quiz and curriculum.quiz_by_id[c.quiz.id].file == relative)
               or (c.rubric and curriculum.rubric_by_id[c.rubric.id].file == relative)]
    paths = [p for p in curriculum.paths if p.file == relative]
    scenarios = [s for s in curriculum.scenarios if s.file == relative]
    cohorts = [c for c in curriculum.cohorts if relative in (c.file, *(f"assessments/evaluations/{c.id}{kind}.csv"
                                                                       for kind in ("", ".reaction", ".learning")))
               or (relative.startswith("assessments/surveys/") and c.assessments.reaction)]
    shared = not courses and not paths and not scenarios and not cohorts
    for course in courses or curriculum.courses[:1]:
        portal_parts.render_course_card(env, curriculum, course, links, today, curriculum.handbooks)
        if course.quiz:
            render_quiz(env, curriculum, curriculum.quiz_by_id[course.quiz.id], course.id, course.version)
        if course.rubric:
            portal_parts.render_rubric(env, curriculum, curriculum.rubric_by_id[course.rubric.id])
        roleplay.render_course_scenarios(env, curriculum, course.id, links)
    for scenario in scenarios or (curriculum.scenarios[:1] if shared else []):
        roleplay.render_scenario_intro(env, curriculum, scenario, links, {"url": "kit.pdf#page=1", "first": 1, "last": 3})
        roleplay.render_player(env, curriculum, scenario, heading=False)
        kits_html(env, curriculum, [scenario], "门户", today)
    for cohort in cohorts or (curriculum.cohorts[:1] if shared else []):
        programme.render_cohort(env, curriculum, cohort, links, today)
        programme.cohort_calendar(curriculum, cohort, today)
        cohort_documents(env, curriculum, cohort, "门户", today)  # the paper, short of printing
    for learning_path in paths or (curriculum.paths if shared else []):
        portal_parts.render_path(env, curriculum, learning_path, links, today)
    if shared:
        for render in (portal_parts.render_catalog, portal_parts.render_matrix, portal_parts.render_glossary):
            render(env, curriculum, links, today)
        portal_parts.render_home(env, curriculum, links, today, handbooks=curriculum.handbooks)


def _load_mutated(layout: ContentLayout, relative: str, mutated: bytes) -> None:
    path = layout.root / relative
    original = path.read_bytes()
    path.write_bytes(mutated)
    try:
        curriculum = load_curriculum(layout, cache=CACHE)
    except ContentError as error:
        assert error.problems, "a ContentError names at least one problem"
        for problem in error.problems:
            assert problem.file and problem.message, problem
        return
    finally:
        path.write_bytes(original)
    _render_affected(curriculum, relative)


@pytest.fixture(scope="module")
def files(fuzz_repo) -> list[str]:
    return _content_files(fuzz_repo.root)


@FUZZ
@given(data=st.data())
def test_random_text_and_byte_edits(fuzz_repo, files, data):
    relative = data.draw(st.sampled_from(files), label="file")
    raw = bytearray((fuzz_repo.root / relative).read_bytes())
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        kind = data.draw(st.sampled_from(["insert", "delete", "replace", "byte"]), label="kind")
        if kind == "byte":
            raw[at:at] = bytes([data.draw(st.integers(0, 255))])
            continue
        text = data.draw(st.text(ALPHABET, max_size=12), label="text").encode("utf-8")
        end = at + data.draw(st.integers(0, 20), label="length") if kind != "insert" else at
        raw[at:end] = b"" if kind == "delete" else text
    _load_mutated(fuzz_repo, relative, bytes(raw))


def _split(text: str) -> tuple[str, str, str]:
    """(prefix, YAML, suffix): the front matter of a Markdown file, or the whole of a YAML file."""
    if text.startswith("---\n"):
        end = text.index("\n---", 4)
        return "---\n", text[4:end + 1], text[end + 1:]
    return "", text, ""


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


@FUZZ
@given(data=st.data())
def test_any_yaml_value_in_any_field(fuzz_repo, files, data):
    relative = data.draw(st.sampled_from([f for f in files if f.endswith((".yml", ".md"))]), label="file")
    text = (fuzz_repo.root / relative).read_text(encoding="utf-8")
    if relative.endswith(".md") and not text.startswith("---\n"):
        return
    prefix, source, suffix = _split(text)
    document = yaml.load(source, Loader=yaml.CSafeLoader)  # libyaml: the test's own parsing, not the loader's
    path = data.draw(st.sampled_from(list(_paths(document))[1:] or [()]), label="path")
    action = data.draw(st.sampled_from(["replace", "delete", "rename"]), label="action")
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if not path:
        document = data.draw(yaml_values(), label="document")
    elif action == "replace":
        parent[path[-1]] = data.draw(yaml_values(), label="value")
    elif action == "delete":
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[data.draw(st.text(ALPHABET, min_size=1, max_size=8), label="key")] = parent.pop(path[-1])
    dumped = yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    _load_mutated(fuzz_repo, relative, (prefix + dumped + suffix).encode("utf-8"))


@settings(max_examples=max(100, EXAMPLES // 4), derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_hostile_constructs_anywhere(fuzz_repo, files, data):
    # Text files only: a case's recording beside it is bytes (the byte edits above reach it).
    relative = data.draw(st.sampled_from([f for f in files if f.endswith((".md", ".yml", ".csv"))]), label="file")
    text = (fuzz_repo.root / relative).read_text(encoding="utf-8")
    lines = text.split("\n")
    at = data.draw(st.integers(0, len(lines)), label="line")
    snippet = data.draw(st.sampled_from(HOSTILE_SNIPPETS), label="snippet")
    indent = " " * data.draw(st.sampled_from([0, 2, 4]), label="indent")
    lines[at:at] = [indent + line for line in snippet.split("\n")]
    _load_mutated(fuzz_repo, relative, "\n".join(lines).encode("utf-8"))


# --- the programme and scenario files, fuzzed on their own (a few files among many in the tests above) ----

PROGRAMME_KINDS = ("assessments/scenarios/", "curriculum/cohorts/", "assessments/surveys/", "assessments/evaluations/")
CSV_CELLS = st.sampled_from(["", "1e308", "-0", "NaN", "inf", "9" * 400, "=HYPERLINK(\"x\")", "\"", "\"\"\"", "a\rb",
                             "x" * 300, "张三 138 1234 5678", "li@example.com", "11010519491231002X", "工号 A1001",
                             "0.7", "100", "热线一组", ",", "\ufeff", "\x00"]) | st.text(ALPHABET, max_size=12)


def _mutate_csv(text: str, data) -> str:
    rows = text.split("\n")
    row = data.draw(st.integers(0, len(rows) - 1), label="row")
    cells = rows[row].split(",")
    action = data.draw(st.sampled_from(["cell", "add cell", "drop cell", "line ending", "row"]), label="csv action")
    if action == "cell":
        cells[data.draw(st.integers(0, len(cells) - 1), label="cell")] = data.draw(CSV_CELLS, label="value")
    elif action == "add cell":
        cells.append(data.draw(CSV_CELLS, label="value"))
    elif action == "drop cell" and len(cells) > 1:
        cells.pop()
    elif action == "line ending":
        return text.replace("\n", data.draw(st.sampled_from(["\r\n", "\r", "\n\n"]), label="ending"))
    else:
        rows.insert(row, ",".join(data.draw(st.lists(CSV_CELLS, max_size=7), label="new row")))
        return "\n".join(rows)
    rows[row] = ",".join(cells)
    return "\n".join(rows)


@settings(max_examples=max(60, EXAMPLES // 3), derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(data=st.data())
def test_scenarios_cohorts_surveys_and_evaluation_data(fuzz_repo, files, data):
    chosen = [f for f in files if f.startswith(PROGRAMME_KINDS)]
    assert {kind for kind in PROGRAMME_KINDS if any(f.startswith(kind) for f in chosen)} == set(PROGRAMME_KINDS)
    relative = data.draw(st.sampled_from(chosen), label="file")
    text = (fuzz_repo.root / relative).read_text(encoding="utf-8")
    if relative.endswith(".csv"):
        mutated = _mutate_csv(text, data)
    else:
        document = yaml.load(text, Loader=yaml.CSafeLoader)
        path = data.draw(st.sampled_from(list(_paths(document))[1:]), label="path")
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = data.draw(yaml_values() | CSV_CELLS, label="value")
        mutated = yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)
    _load_mutated(fuzz_repo, relative, mutated.encode("utf-8"))
