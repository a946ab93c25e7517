"""The benchmark's content generator: deterministic, and valid against the content contract."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import generate  # noqa: E402
from generator.model import load_curriculum  # noqa: E402


def digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "mkdocs.yml"):
        hasher.update(file.relative_to(folder).as_posix().encode() + file.read_bytes())
    return hasher.hexdigest()


def test_generated_content_is_deterministic_and_valid(tmp_path):
    generate.generate(30, tmp_path / "a")
    generate.generate(30, tmp_path / "b")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    curriculum = load_curriculum(tmp_path / "a")
    assert len(curriculum.courses) == 30 and len(curriculum.quizzes) == 30
    assert {q.type for bank in curriculum.quizzes for q in bank.questions} == {
        "single", "multiple", "true-false", "fill", "order", "match"}
    assert len(generate.handbook_course_files(tmp_path / "a")) == 3
    lengths = [sum("\u4e00" <= ch <= "\u9fff" for ch in course.body) for course in curriculum.courses]
    assert 1300 <= sum(lengths) / len(lengths) <= 1700
