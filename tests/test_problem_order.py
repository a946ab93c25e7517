"""Validation reports the root cause first: follow-on problems folded under the file that caused them, the
full-width colon and the tab named on their own line in Chinese, and an unknown id pointing to where the
valid ids are."""

from __future__ import annotations

import pytest

from conftest import sample_repo
from generator.errors import ContentError, Problem, problem_lines, root_causes_first
from generator.messages import set_language
from generator.model import load_curriculum

COURSE = "curriculum/courses/basic/complaints.md"


def problems_of(repo) -> list[Problem]:
    with pytest.raises(ContentError) as raised:
        load_curriculum(repo.root)
    return raised.value.problems


def test_a_broken_front_matter_comes_first_and_what_follows_from_it_is_folded(content_repo):
    content_repo.replace(COURSE, "summary: 安抚情绪激动的客户", "summary: 安抚情绪激动的客户: [")
    problems = problems_of(content_repo)
    assert (problems[0].file, problems[0].code) == (COURSE, "Y201")
    assert {p.code for p in problems[1:]} == {"R407"} and len(problems) >= 4
    [(root, follow_ons)] = root_causes_first(problems)
    assert root is problems[0] and list(follow_ons) == problems[1:]
    lines = problem_lines(root_causes_first(problems))
    assert lines[0].startswith(f"{COURSE}:5: YAML 语法错误") and lines[1].startswith("  下面 ")
    assert all(line.startswith("    ") for line in lines[2:])


def test_follow_ons_stay_apart_when_their_cause_has_no_problem_listed():
    stray = Problem("a.yml", 3, "course", "x", "R407", caused_by="gone.md")
    other = Problem("b.yml", 1, "", "y", "R401")
    assert root_causes_first([other, stray]) == [(stray, ()), (other, ())]


def test_the_command_line_prints_the_root_cause_first(content_repo):
    content_repo.replace(COURSE, "summary: 安抚情绪激动的客户", "summary: 安抚情绪激动的客户: [")
    result = content_repo.run("validate")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{COURSE}:5:") and "[Y201]" in lines[0]
    assert lines[1] == f"  下面 {len(lines) - 2} 个问题由上面的错误引起，修正它之后会一并消失："
    assert all("[R407]" in line for line in lines[2:])


def test_a_full_width_colon_is_named_on_its_own_line(content_repo):
    content_repo.replace(COURSE, "duration: 90", "duration：90")
    first = problems_of(content_repo)[0]
    assert (first.file, first.line, first.field, first.code) == (COURSE, 6, "duration", "Y212")
    assert "全角冒号“：”" in first.message and "duration: …" in first.message


def test_a_tab_indent_is_named_in_chinese(content_repo):
    content_repo.replace(COURSE, "duration: 90", "\tduration: 90")
    first = problems_of(content_repo)[0]
    assert (first.line, first.code) == (6, "Y201") and "Tab" in first.message and "found" not in first.message


def test_an_unknown_id_points_to_where_the_valid_ids_are(tmp_path):
    repo = sample_repo(tmp_path / "sample")
    path = next((repo.root / "curriculum" / "paths").glob("*.md")).relative_to(repo.root).as_posix()
    text = repo.read(path)
    course = text.split("course: ", 1)[1].split("\n", 1)[0]
    repo.write(path, text.replace(f"course: {course}", "course: qqq-zzz-unheard-of", 1))
    [problem] = problems_of(repo)
    assert problem.code == "R401" and "可用：" not in problem.message  # too many courses to list
    assert "有效的课程 id 见 curriculum/courses/ 下各课程文件的 id 字段" in problem.message


def test_english_messages_fold_too(content_repo):
    set_language("en")
    content_repo.replace(COURSE, "duration: 90", "duration：90")
    lines = problem_lines(root_causes_first(problems_of(content_repo)))
    assert "full-width colon" in lines[0] and "follow from the one above" in lines[1]

