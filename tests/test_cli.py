"""`python -m generator validate` as a trainer and CI run it."""

from __future__ import annotations


def test_valid_content_exits_zero(content_repo):
    result = content_repo.run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Content is valid: 3 courses, 1 paths" in result.stdout


def test_invalid_content_lists_every_problem_and_exits_one(content_repo):
    content_repo.replace("curriculum/courses/basic/etiquette.md", "tier: foundation", "tier: advnced")
    content_repo.replace("assessments/quizzes/etiquette-check.yml", "draw: 5", "draw: 9")
    result = content_repo.run("validate")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        "assessments/quizzes/etiquette-check.yml:5: draw: draws 9 questions but the bank has only 6",
        "curriculum/courses/basic/etiquette.md:4: tier: 'advnced' is not a tier "
        "(expected one of: foundation, advanced); did you mean 'advanced'?",
    ]
    assert "2 problems found" in result.stderr


def test_github_format_annotates_lines(content_repo):
    content_repo.replace("curriculum/courses/basic/etiquette.md", "duration: 45", "duration: -5")
    result = content_repo.run("validate", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.strip() == (
        "::error file=curriculum/courses/basic/etiquette.md,line=6,title=Training content::"
        "duration: expected a positive whole number, found -5"
    )


def test_docs_dir_is_read_from_mkdocs_yml(content_repo):
    (content_repo.root / "curriculum").rename(content_repo.root / "docs")
    content_repo.replace("mkdocs.yml", "docs_dir: curriculum", "docs_dir: docs")
    content_repo.replace("docs/courses/basic/etiquette.md", "tier: foundation", "tier: nope")
    result = content_repo.run("validate")
    assert result.returncode == 1
    assert result.stdout.startswith("docs/courses/basic/etiquette.md:4: tier: 'nope' is not a tier")


def test_validate_writes_a_gitlab_code_quality_report(content_repo):
    import json

    assert json.loads(content_repo.run("validate", "--format", "gitlab").stdout) == []
    content_repo.replace("curriculum/courses/basic/complaints.md", "tier: advanced", "tier: advance")
    result = content_repo.run("validate", "--format", "gitlab")
    assert result.returncode == 1
    (issue,) = json.loads(result.stdout)
    assert issue["location"] == {"path": "curriculum/courses/basic/complaints.md", "lines": {"begin": 4}}
    assert issue["description"].startswith("tier: 'advance' is not a tier") and issue["severity"] == "major"
    assert len(issue["fingerprint"]) == 40
