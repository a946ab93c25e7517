"""Review report, 内容更新 page and the version-bump check, on fixture repositories under real git."""

from __future__ import annotations

import os
import subprocess

import pytest


def git(repo, *args: str, date: str = "2026-10-01T09:00:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "培训师", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "培训师", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", "-C", str(repo.root), *args], capture_output=True, text=True, check=True, env=env).stdout


@pytest.fixture
def git_repo(content_repo):
    git(content_repo, "init", "-q", "-b", "main")
    git(content_repo, "add", "-A")
    git(content_repo, "commit", "-q", "-m", "first content", date="2026-09-15T10:00:00")
    return content_repo


def test_report_lists_stale_and_due_courses_by_owner(content_repo):
    content_repo.replace("curriculum/courses/basic/complaints.md", "owner: 客服培训组", "owner: 投诉组")
    content_repo.replace("curriculum/courses/basic/etiquette.md", "reviewed: 2026-10-01", "reviewed: 2025-12-01")
    result = content_repo.run("report", "--today", "2026-11-23")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "内容复核（2026-11-23）：1 门已过复核期，1 门将在 30 天内到期，共 3 门课程。"
    text = result.stdout
    assert "已过期  product-basics  产品知识入门" in text and "逾期" in text
    assert "将到期  service-etiquette  电话礼仪  应于 2026-12-01 复核（还有 8 天）" in text
    assert text.index("产品培训组") < text.index("已过期  product-basics") < text.index("客服培训组")  # stale owners first
    assert "complaint-deescalation" not in text and "投诉组" not in text  # reviewed and not due: not listed

    markdown = content_repo.run("report", "--today", "2026-11-23", "--format", "markdown").stdout
    assert markdown.startswith("## 内容复核报告（2026-11-23）")
    assert "### 产品培训组" in markdown and "### 客服培训组" in markdown and "| 状态 | 课程 | 上次复核 | 应复核日期 | 文件 |" in markdown
    assert "| 8 天后到期 | 电话礼仪 (`service-etiquette`) | 2025-12-01 | 2026-12-01 |" in markdown
    assert content_repo.run("report", "--today", "2026-11-23", "--fail-on-stale").returncode == 1


def test_report_at_the_end_of_the_calendar_and_with_bad_days_says_so(content_repo):
    content_repo.replace("curriculum/courses/basic/etiquette.md", "reviewed: 2026-10-01", "reviewed: 9999-12-31")
    result = content_repo.run("report", "--today", "9999-12-30", "--within", "3650")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert result.stdout.startswith("内容复核（9999-12-30）：2 门已过复核期，1 门将在 3650 天内到期")
    for within, message in (("999999999", "应为 0 到 3650 之间的天数，实际是 999999999"), ("-1", "实际是 -1"),
                            ("一周", "应为天数（整数），实际是“一周”")):
        result = content_repo.run("report", "--within", within)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_report_refuses_invalid_content(content_repo):
    content_repo.replace("curriculum/courses/basic/complaints.md", "tier: advanced", "tier: advance")
    result = content_repo.run("report")
    assert result.returncode == 1 and "curriculum/courses/basic/complaints.md:4: tier:" in result.stdout


def test_updates_page_orders_courses_by_their_latest_change(git_repo):
    git_repo.without_paper()
    git_repo.replace("curriculum/courses/basic/products.md", "介绍产品线", "介绍全部产品线")
    git(git_repo, "commit", "-qam", "products text", date="2026-11-05T10:00:00")
    assert git_repo.build().returncode == 0
    html = git_repo.html("updates")
    order = [html.index(f'data-training-course="{c}"') for c in ("product-basics", "service-etiquette", "complaint-deescalation")]
    assert order == sorted(order)
    products = html.split('data-training-course="product-basics"')[1].split("</li>")[0]
    assert ">2026-11-05<" in products and "最近改动（2026-11-05）：products text" in products  # latest change = the commit
    assert "第 1 版" in products
    etiquette = html.split('data-training-course="service-etiquette"')[1].split("</li>")[0]
    assert etiquette.count(">2026-10-01<") == 2 and "最近改动（2026-09-15）" in etiquette  # reviewed later than its last commit
    assert "内容更新" in git_repo.html("")  # linked from home and in the navigation


def test_updates_page_without_git_shows_review_dates(built_fixture_site):
    html = built_fixture_site.html("updates")
    assert "不在 Git 仓库中" in html and "文件最后修改" not in html


def test_version_check_warns_when_text_changed_without_a_bump(git_repo):
    git(git_repo, "checkout", "-q", "-b", "edit")
    git_repo.replace("curriculum/courses/basic/complaints.md", "先接住情绪,再处理问题。", "先接住情绪,再确认诉求,然后处理问题。")
    git_repo.replace("curriculum/courses/basic/etiquette.md", "title: 电话礼仪", "title: 电话礼仪规范")  # front matter only
    git_repo.write("curriculum/courses/basic/new.md", git_repo.read("curriculum/courses/basic/products.md")
                   .replace("id: product-basics", "id: new-course").replace("title: 产品知识入门", "title: 新课程"))
    git(git_repo, "add", "-A")
    git(git_repo, "commit", "-qm", "edits")

    result = git_repo.run("check-versions", "--base", "main", "--format", "github")
    assert result.returncode == 0
    warnings = result.stdout.splitlines()
    assert len(warnings) == 1
    line = git_repo.read("curriculum/courses/basic/complaints.md").splitlines().index("version: 3") + 1
    assert warnings[0].startswith(f"::warning file=curriculum/courses/basic/complaints.md,line={line},")
    assert "version 仍是 3" in warnings[0] and "version%3A 4" not in warnings[0] and "请改为 version: 4" in warnings[0]
    assert git_repo.run("check-versions", "--base", "main", "--strict").returncode == 1

    git_repo.replace("curriculum/courses/basic/complaints.md", "version: 3", "version: 4")
    result = git_repo.run("check-versions", "--base", "main")
    assert result.returncode == 0 and result.stdout == ""


def test_version_check_ignores_whitespace_and_needs_a_known_base(git_repo):
    git_repo.replace("curriculum/courses/basic/complaints.md", "## 安抚步骤\n", "## 安抚步骤   \n\n")
    assert git_repo.run("check-versions", "--base", "main").stdout == ""
    result = git_repo.run("check-versions", "--base", "origin/nowhere")
    assert result.returncode == 2 and "请先获取它" in result.stderr
