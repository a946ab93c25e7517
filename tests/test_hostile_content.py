"""Hostile or careless content in a pull request: every trick is a located problem, never a leak or a crash.

Each case edits the minimal fixture repository the way an attacker (or a careless trainer) would and runs
the real command-line tool; the problem names the file (and line), and nothing else goes wrong.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

SECRET = "ROOT-SECRET-OUTSIDE-THE-REPOSITORY"
COURSE = "curriculum/courses/basic/etiquette.md"


def _validate(repo) -> subprocess.CompletedProcess:
    result = repo.run("validate")
    assert "Traceback" not in result.stdout + result.stderr
    return result


def _refused(repo, *expected: str) -> str:
    """Each expectation is "location CODE" (a problem at that file[:line] with that message code) or a part of
    the output."""
    result = _validate(repo)
    assert result.returncode == 1, result.stdout
    lines = result.stdout.splitlines()
    for text in expected:
        location, _, code = text.rpartition(" ")
        if code[:1].isupper() and code[1:].isdigit():
            assert any(line.startswith(location + ":") and line.endswith(f"[{code}]") for line in lines), \
                f"{text!r} not in:\n{result.stdout}"
        else:
            assert text in result.stdout, f"{text!r} not in:\n{result.stdout}"
    return result.stdout


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(f"---\ntitle: x\n---\n{SECRET}\n", encoding="utf-8")
    (folder / "notes.txt").write_text(SECRET, encoding="utf-8")
    return folder


# --- files in ------------------------------------------------------------------------------------


def test_symlinked_file_outside_the_repository_is_refused_and_never_published(content_repo, outside):
    os.symlink(outside / "notes.txt", content_repo.path("curriculum/leak.txt"))
    os.symlink(outside / "secret.md", content_repo.path("curriculum/leak.md"))
    _refused(content_repo, "curriculum/leak.txt F101", "curriculum/leak.md F101", "符号链接指向仓库以外")
    result = content_repo.build()
    assert result.returncode == 1 and not content_repo.site.exists()
    # MkDocs on its own (no staging, no CLI) refuses it as well.
    direct = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=content_repo.root,
                            capture_output=True, text=True)
    assert direct.returncode == 1 and "符号链接指向仓库以外" in direct.stderr and "[F101]" in direct.stderr
    published = [p for p in content_repo.site.rglob("*") if p.is_file()] if content_repo.site.exists() else []
    assert not any(SECRET in p.read_text(errors="ignore") for p in published)


def test_symlinked_folder_outside_the_repository_is_refused(content_repo, outside):
    os.symlink(outside, content_repo.path("curriculum/shared"))
    os.symlink("/etc", content_repo.path("assessments/rubrics/etc"))
    _refused(content_repo, "curriculum/shared F101", "assessments/rubrics/etc F101")


def test_symlinks_onto_exam_banks_git_and_loops_are_refused(content_repo):
    (content_repo.root / ".git").mkdir()
    (content_repo.root / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    os.symlink("../../assessments/quizzes/final-exam.yml", content_repo.path("curriculum/courses/exam.yml"))
    os.symlink("../assessments/quizzes", content_repo.path("curriculum/banks"))
    os.symlink("../.git/config", content_repo.path("curriculum/config.txt"))
    os.symlink("..", content_repo.path("curriculum/courses/basic/loop"))
    out = _refused(content_repo, "curriculum/courses/exam.yml F108", "curriculum/banks F108",
                   "curriculum/config.txt F102", "考试题目永不发布")
    assert "[F105]" in out or "[F104]" in out


def test_symlink_inside_the_repository_is_allowed(content_repo):
    content_repo.write("shared/diagram.png", "png")
    os.symlink("../../../shared/diagram.png", content_repo.path("curriculum/courses/basic/diagram.png"))
    result = _validate(content_repo)
    assert result.returncode == 0, result.stdout


def test_pipes_script_files_and_scripted_svg_in_docs_are_refused(content_repo):
    os.mkfifo(content_repo.path("curriculum/pipe.md"))
    content_repo.write("curriculum/page.html", "<script>alert(1)</script>")
    content_repo.write("curriculum/assets/app.js", "alert(1)")
    content_repo.write("curriculum/images/clean.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>')
    content_repo.write("curriculum/images/bad.svg",
                       '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script></svg>')
    content_repo.write("curriculum/images/remote.svg",
                       '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>')
    out = _refused(content_repo, "curriculum/pipe.md F107", "curriculum/page.html F109", "curriculum/assets/app.js F109",
                   "curriculum/images/bad.svg:2 F110", "curriculum/images/remote.svg:1 F110",
                   "这个 SVG 执行了脚本", "这个 SVG 从其他网站加载资源")
    assert "clean.svg" not in out


# --- YAML and text are bounded ------------------------------------------------------------------

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(7))


def test_alias_expansion_in_any_front_matter_is_refused(content_repo):
    content_repo.write("curriculum/about.md", f"---\ntitle: 关于\n{LAUGHS}---\n正文\n")
    content_repo.replace(COURSE, "tags: [沟通, SOP]", "tags: &t [沟通, SOP]\nextra: *t")
    _refused(content_repo, "curriculum/about.md:4 Y202", f"{COURSE}:18 Y202", "不能使用 YAML 锚点和别名")
    result = content_repo.build()
    assert result.returncode == 1 and not content_repo.site.exists()


@pytest.mark.parametrize("depth", [50, 100_000])
def test_deep_nesting_is_a_located_problem_not_a_crash(content_repo, depth):
    content_repo.write("assessments/rubrics/deep.yml", "id: deep\ncriteria: " + "[" * depth + "]" * depth + "\n")
    content_repo.write("curriculum/deep.md", "---\ntitle: x\nmeta:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 40)) + "---\n")
    result = _validate(content_repo)
    assert result.returncode == 1  # not 139 (a segfault) or a traceback
    assert "assessments/rubrics/deep.yml:2: 嵌套超过 20 层" in result.stdout
    assert any(line.startswith("curriculum/deep.md:") and line.endswith("[Y203]") for line in result.stdout.splitlines())
    build = content_repo.build()
    assert build.returncode == 1 and "Traceback" not in build.stderr
    assert not list(content_repo.root.glob(".site.staging-*"))


def test_deeply_nested_markdown_is_refused_before_it_stalls_the_build(content_repo):
    content_repo.write("curriculum/lists.md", "# 清单\n\n" + "".join("    " * i + "- 项\n" for i in range(300)))
    content_repo.write("curriculum/blocks.md", "<div markdown>\n" * 3000 + "x\n" + "</div>\n" * 3000)
    _refused(content_repo, "curriculum/lists.md:24 Y205", "curriculum/blocks.md:21 Y205")


def test_limits_are_configurable(content_repo):
    content_repo.replace("mkdocs.yml", "  - training:\n", "  - training:\n      max_yaml_depth: 3\n      max_file_kb: 2\n")
    content_repo.write("curriculum/big.md", "---\ntitle: 大\n---\n" + "字" * 1500)
    _refused(content_repo, "curriculum/big.md: 文件大小 4 KB，超过内容文件允许的 2 KB",
             "嵌套超过 3 层（上限是插件选项 max_yaml_depth）")


def test_non_utf8_files_name_the_encoding(content_repo):
    text = content_repo.read(COURSE)
    content_repo.path(COURSE).write_bytes(text.encode("gbk"))
    content_repo.path("assessments/rubrics/complaint-handling.yml").write_bytes(b"\xff\xfe" + "id: x".encode("utf-16-le"))
    _refused(content_repo, f"{COURSE}:3: 不是 UTF-8 编码的文本（看起来是 GBK 编码",
             "assessments/rubrics/complaint-handling.yml:1: 不是 UTF-8 编码的文本（看起来是 UTF-16 编码")


def test_values_python_cannot_hold_and_odd_types_are_located(content_repo):
    content_repo.replace(COURSE, "duration: 45", "duration: 1" + "0" * 5000)
    content_repo.write("curriculum/odd.md", "---\ntitle: [一, 二]\nx: !!binary aGk=\n---\n")
    content_repo.write("curriculum/tagged.md", "---\ntitle: !!python/object/apply:os.system [id]\n---\n")
    _refused(content_repo, f"{COURSE}:6: 这一行的值无法读取：写法不对或超出了能处理的范围（例如位数过多的数字，或 !!bool、"
             "!!timestamp 这样的类型标记配了不相符的值） [Y204]",
             "curriculum/odd.md:2: title: 应为文字，实际是列表",
             "curriculum/tagged.md:2 Y201")


# --- names ---------------------------------------------------------------------------------------


def test_case_only_and_same_address_collisions_name_both_files(content_repo):
    content_repo.write("curriculum/courses/basic/Etiquette.md", "---\ntitle: x\n---\n")
    content_repo.write("curriculum/about.md", "---\ntitle: 关于\n---\n")
    content_repo.write("curriculum/about/index.md", "---\ntitle: 关于 2\n---\n")
    out = _refused(content_repo, "curriculum/courses/basic/etiquette.md: 与 curriculum/courses/basic/Etiquette.md "
                                 "只有大小写不同")
    line = next(line for line in out.splitlines() if "的网址相同（/about/）" in line)
    assert "curriculum/about.md" in line and "curriculum/about/index.md" in line


def test_every_problem_is_reported_in_one_run(content_repo, outside):
    os.symlink(outside / "notes.txt", content_repo.path("curriculum/leak.txt"))
    content_repo.write("curriculum/about.md", f"---\ntitle: 关于\n{LAUGHS}---\n")
    content_repo.replace(COURSE, "duration: 45", "duration: 四十五")
    out = _refused(content_repo, "leak.txt", "about.md:4", f"{COURSE}:6: duration")
    assert "3 problems found" in _validate(content_repo).stderr or out.count("\n") >= 3


def test_check_versions_sees_files_with_chinese_names(content_repo):
    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@e", *args], cwd=content_repo.root,
                       check=True, capture_output=True)

    content_repo.write("curriculum/courses/basic/投诉 处理.md", content_repo.read(COURSE).replace(
        "id: service-etiquette", "id: complaint-calls").replace("title: 电话礼仪", "title: 投诉电话"))
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "base")
    content_repo.replace("curriculum/courses/basic/投诉 处理.md", "标准开场白包含", "新版开场白包含")
    result = content_repo.run("check-versions", "--base", "main")
    assert result.returncode == 0
    assert "curriculum/courses/basic/投诉 处理.md:16: version: 课程正文自 main 以来有改动" in result.stdout
    assert result.stdout.strip().endswith("[G701]")


def test_trainer_pack_refuses_folders_inside_the_repository(content_repo):
    for folder in ("curriculum/pack", "assessments/pack", "pack", "site"):
        result = content_repo.run("trainer-pack", "--out", str(content_repo.root / folder))
        assert result.returncode == 1 and "Traceback" not in result.stderr, folder
        assert "培训师资料包" in result.stderr
        assert not (content_repo.root / folder).exists() or folder == "site"
    assert "培训师资料包只能写到被 git 忽略的 trainer-pack/" in content_repo.run("trainer-pack", "--out", "pack").stderr


def test_project_sample_content_is_clean():
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(REPO), "validate"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
