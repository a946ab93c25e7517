"""`python -m generator validate` as a trainer and CI run it."""

from __future__ import annotations


def test_valid_content_exits_zero(content_repo):
    result = content_repo.run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "内容检查通过：3 门课程、1 条学习路径、3 个题库、1 个评分表、1 个情景模拟、1 个培训班、1 份问卷、2 本手册、2 个术语。" in result.stdout
    english = content_repo.run("--lang", "en", "validate")
    assert "Content is valid: 3 courses, 1 path, 3 quiz banks, 1 rubric, 1 scenario, 1 cohort, 1 survey, 2 handbooks, 2 glossary terms." in english.stdout


def test_invalid_content_lists_every_problem_and_exits_one(content_repo):
    content_repo.replace("curriculum/courses/basic/etiquette.md", "tier: foundation", "tier: advnced")
    content_repo.replace("assessments/quizzes/etiquette-check.yml", "draw: 5", "draw: 9")
    result = content_repo.run("validate")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "assessments/quizzes/etiquette-check.yml:5: draw: 每次抽 9 题，但题库只有 6 题 [Q508]",
        "curriculum/courses/basic/etiquette.md:4: tier: “advnced”不是已定义的层级（可用：foundation、advanced）；"
        "是不是“advanced”？ [R401]",
    ]
    assert "发现 2 个问题；没有构建任何内容。" in result.stderr
    english = content_repo.run("--lang", "en", "validate")
    assert english.stdout.strip().splitlines() == [
        "assessments/quizzes/etiquette-check.yml:5: draw: draws 9 questions but the bank has only 6 [Q508]",
        "curriculum/courses/basic/etiquette.md:4: tier: 'advnced' is not a tier "
        "(expected one of: foundation, advanced); did you mean 'advanced'? [R401]",
    ]
    assert "2 problems found; nothing was built." in english.stderr


def test_english_messages_have_their_articles(content_repo):
    content_repo.replace("curriculum/courses/basic/etiquette.md", "audience: [new-hire]", "audience: [newhire]")
    result = content_repo.run("--lang", "en", "validate")
    assert "'newhire' is not an audience (expected one of: new-hire)" in result.stdout
    assert "1 problem found; nothing was built." in result.stderr


def test_github_format_annotates_lines(content_repo):
    content_repo.replace("curriculum/courses/basic/etiquette.md", "duration: 45", "duration: -5")
    result = content_repo.run("validate", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "::error file=curriculum/courses/basic/etiquette.md,line=6,title=培训内容 V305::"
        "duration: 应为正整数，实际是 -5"
    )


def test_docs_dir_is_read_from_mkdocs_yml(content_repo):
    (content_repo.root / "curriculum").rename(content_repo.root / "docs")
    content_repo.replace("mkdocs.yml", "docs_dir: curriculum", "docs_dir: docs")
    content_repo.replace("docs/courses/basic/etiquette.md", "tier: foundation", "tier: nope")
    result = content_repo.run("validate")
    assert result.returncode == 1
    assert result.stdout.startswith("docs/courses/basic/etiquette.md:4: tier: “nope”不是已定义的层级")


def test_validate_writes_a_gitlab_code_quality_report(content_repo):
    import json

    clean = json.loads(content_repo.run("validate", "--format", "gitlab").stdout)
    assert clean and {issue["severity"] for issue in clean} == {"minor"}  # warnings only (the fixture's milestone)
    content_repo.replace("curriculum/courses/basic/complaints.md", "tier: advanced", "tier: advance")
    result = content_repo.run("validate", "--format", "gitlab")
    assert result.returncode == 1
    (issue,) = [issue for issue in json.loads(result.stdout) if issue["severity"] == "major"]
    assert issue["location"] == {"path": "curriculum/courses/basic/complaints.md", "lines": {"begin": 4}}
    assert issue["description"].startswith("tier: “advance”不是已定义的层级") and issue["severity"] == "major"
    assert issue["check_name"] == "training-content/R401"
    assert len(issue["fingerprint"]) == 40


# --- mkdocs.yml: read once, MkDocs' defaults, one verdict on options ------------------------------------------


def test_mkdocs_yml_is_read_once_per_version_with_mkdocs_defaults(tmp_path, monkeypatch):
    import yaml

    from generator.site import layout_file

    parsed = []
    real_load = yaml.load
    monkeypatch.setattr(yaml, "load", lambda *args, **kwargs: parsed.append(1) or real_load(*args, **kwargs))
    (tmp_path / "mkdocs.yml").write_text("site_name: 门户\nplugins:\n  training:\n    handbook_pdfs: false\n",
                                         encoding="utf-8")
    layout = layout_file.layout_from_mkdocs_yml(tmp_path)
    assert layout_file.site_settings(tmp_path) == ("门户", (tmp_path / "site").resolve())
    assert layout_file.options_from_mkdocs_yml(tmp_path).handbook_pdfs is False  # plugins as a mapping
    assert layout.docs_dir == "docs" and len(parsed) == 1
    assert layout_file.layout_from_mkdocs_yml(tmp_path / "elsewhere").docs_dir == "docs"  # no file: the same defaults
    (tmp_path / "mkdocs.yml").write_text("site_name: 门户\ndocs_dir: curriculum\nplugins:\n  - training\n", encoding="utf-8")
    assert layout_file.layout_from_mkdocs_yml(tmp_path).docs_dir == "curriculum" and len(parsed) == 2


def test_an_unknown_plugin_option_is_refused_by_the_command_line_and_by_mkdocs(content_repo):
    import subprocess
    import sys

    content_repo.replace("mkdocs.yml", "  - training:\n", "  - training:\n      handbok_pdfs: false\n")
    validate = content_repo.run("validate")
    assert validate.returncode == 1 and "plugins.training.handbok_pdfs：未知选项" in validate.stdout
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict", "-f", str(content_repo.path("mkdocs.yml"))],
                           capture_output=True, text=True, cwd=content_repo.root)
    assert built.returncode == 1 and "plugins.training.handbok_pdfs：未知选项" in built.stderr
