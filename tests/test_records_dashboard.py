"""The training department's dashboard (`records report --format html`) on the records of records_data.py: its
figures against values computed by hand, escaping, where it may be written, and how it reads at desktop and
phone width."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_repo
from generator.model.layout import ContentLayout
from generator.records.report import records_report
from generator.records.statements import read_records
from records_data import (
    BANK,
    SITE,
    rubric_score,
    stamp,
    statement,
)


def dashboard_report(curriculum, generated, hostile_name: str = "L9"):
    made = list(generated)
    made.append(statement(hostile_name, "experienced", "course", ["service-etiquette"], stamp("2026-11-01"),
                          context={"version": 1, "self-declared": True}))
    return records_report(read_records(made), curriculum, today=dt.date(2026, 12, 1))


def test_dashboard_figures_match_the_hand_computed_values(curriculum, generated):
    from generator.records.dashboard import completion_series, dashboard, render_dashboard

    report = dashboard_report(curriculum, generated)
    path = next(p for p in report.paths if p.path.id == "new-hire-path")
    shares = completion_series(path, 60)
    # 9 starters (L1–L8 and the self-declared L9); L7 finished in 10 days, L1 in 11, L2 in 51.
    assert shares[8] == 0 and shares[9] == 1 / 9 and shares[10] == 2 / 9 and shares[49] == 2 / 9 and shares[50] == 3 / 9
    page = dashboard(report)
    completion = next(c for c in page.completion if c.title == "新人上岗路径（new-hire-path）")
    assert completion.target is not None and completion.target[1] == "目标 14 天"
    assert [(s.name, s.starters, s.finished, s.within_target) for s in completion.series] == [
        ("全部学员", 9, 3, 2), ("2027 年 3 月新人班（new-hire-2027-03）", 1, 1, 1)]  # the cohort: L7, in 10 days
    bars = next(c for c in page.attempts if c.title == "投诉安抚自测（deescalation-check）")
    assert [bar.tip for bar in bars.bars] == ["第 1 次作答：6 次中 2 次通过（33%）", "第 2 次作答：2 次中 2 次通过（100%）"]
    frame = bars.frame
    assert bars.bars[0].height == pytest.approx(frame.inner_height / 3, abs=0.2)
    assert bars.bars[1].height == pytest.approx(frame.inner_height, abs=0.2)
    items = next(c for c in page.items if c.title == "投诉安抚自测（deescalation-check）")
    first = next(p for p in items.points if p.label == "1")
    assert first.tip == "第 1 题（first-reply）：难度 0.67，区分度 0.36，6 人首次作答" and not first.flagged
    assert first.x == pytest.approx(items.frame.x(4 / 6), abs=0.1)
    assert first.y == pytest.approx(items.frame.y((0.3639 + 1) / 2), abs=0.2)
    assert items.unplotted == 1  # seven-day: everyone right, no discrimination
    metrics = next(p for p in items.points if p.label == "6")
    assert metrics.flagged and metrics.tip.endswith("；偏难：只有 17% 答对")
    practice = next(c for c in page.criteria if c.title == "情景模拟：物流延迟的第二次来电（late-delivery）")
    assert [bar.tip for bar in practice.bars] == ["情绪管理：平均 20.0 分，满分 40 分（50%）",
                                                  "解决方案：平均 35.0 分，满分 60 分（58%）"]
    html = render_dashboard(report)
    line = curriculum.quiz_by_id[BANK].questions[5].line
    row = html[html.index(f'<tr id="{metrics.anchor}">'):]
    assert f"<code>assessments/quizzes/deescalation-check.yml:{line}</code>" in row[:row.index("</tr>")]
    assert f'<a href="#{metrics.anchor}" class="point flagged">' in html
    assert "<td>L3</td><td>登录账号</td>\n      <td>新人上岗路径（new-hire-path）</td><td class=\"date\">2026-11-02</td>" \
           "<td class=\"date\">2026-11-15</td><td class=\"number\">16</td>" in html
    assert "<td>L9</td><td>本人填写</td>" in html
    assert "<td>学习路径</td><td>新人上岗路径（new-hire-path）</td><td>已开始</td><td class=\"number\">9</td>\n      " \
           "<td class=\"number\">8</td><td class=\"number\">1</td>" in html


HOSTILE = '<img src=x onerror=alert(1)><script>alert(2)</script>"\'&'


def test_dashboard_escapes_every_text_and_loads_nothing(curriculum, generated):
    import copy
    from html.parser import HTMLParser

    from generator.records.dashboard import render_dashboard

    hostile = copy.deepcopy(curriculum)
    hostile.quiz_by_id[BANK].title = HOSTILE
    hostile.path_by_id["new-hire-path"].title = HOSTILE
    hostile.rubric_by_id["complaint-handling"].criteria[0].name = HOSTILE
    made = list(generated) + [rubric_score(HOSTILE, {"emotion": 30, "solution": 40}),
                              statement(HOSTILE, "experienced", "course", ["service-etiquette"], stamp("2026-11-01"),
                                        context={"version": 1})]
    report = records_report(read_records(made), hostile, today=dt.date(2026, 12, 1))
    assert HOSTILE in {o.learner for o in report.overdue}  # the name reaches the department's table
    html = render_dashboard(report, "https://git.example.com/portal/-/blob/main/{file}#L{line}")

    class Tags(HTMLParser):
        found: list[tuple[str, list]] = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, attrs))

    parser = Tags()
    parser.feed(html)
    tags = {tag for tag, _ in parser.found}
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "image", "use", "foreignobject"}
    assert not [name for _, attrs in parser.found for name, _ in attrs if name.startswith("on")]
    assert not [value for _, attrs in parser.found for name, value in attrs
                if name in ("src", "href", "xlink:href") and value and not value.startswith(("#", "https://git.example.com/"))]
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&#34;&#39;&amp;" in html
    assert 'content="default-src \'none\'; style-src \'unsafe-inline\'' in html


def test_dashboard_folder_is_written_whole_and_never_where_the_portal_publishes(curriculum, generated, tmp_path):
    from generator.records.dashboard import DashboardError, check_dashboard_folder, write_dashboard

    layout = ContentLayout(root=tmp_path / "repo", docs_dir="curriculum", assessments_dir="assessments",
                           overrides_dir="site_overrides")
    for folder in ("curriculum", "assessments", "site_overrides", "site"):
        (layout.root / folder).mkdir(parents=True)
    report = dashboard_report(curriculum, generated)
    out = tmp_path / "dashboard"
    written = write_dashboard(report, check_dashboard_folder(out, layout))
    assert written == out / "index.html" and written.read_text(encoding="utf-8").startswith("<!doctype html>")
    (out / "stale.html").write_text("old", encoding="utf-8")
    write_dashboard(report, check_dashboard_folder(out, layout))  # its own folder: replaced whole
    assert sorted(p.name for p in out.iterdir()) == [".training-records-dashboard", "index.html"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dashboard.")]  # nothing left beside it
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    refused = {
        tmp_path / "other": "已存在，而且不是以前写入的学习记录看板",
        tmp_path / "linked": "是符号链接",
        tmp_path / "linked" / "inside": "是符号链接",
        layout.root / "curriculum" / "records": "在仓库的内容或网站文件夹里",
        layout.root / "site": "在仓库的内容或网站文件夹里",
        layout.root / "site_overrides" / "assets": "在仓库的内容或网站文件夹里",
        layout.root / "assessments": "在仓库的内容或网站文件夹里",
        layout.root: "在仓库的内容或网站文件夹里",  # the repository itself holds them all
        written: "已存在，而且不是以前写入的学习记录看板",  # a file
    }
    for folder, reason in refused.items():
        with pytest.raises(DashboardError, match=reason):
            check_dashboard_folder(folder, layout)
    assert (tmp_path / "other" / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_records_report_html_needs_its_folder_and_checks_the_source_link(tmp_path):
    repo = make_repo(tmp_path / "content")
    no_out = repo.run("records", "report", "--lrs", "http://127.0.0.1:9/xAPI/", "--format", "html")
    assert no_out.returncode == 1 and no_out.stderr.strip() == "错误：--format html 要用 --out 给出看板的文件夹"
    stray = repo.run("records", "report", "--lrs", "http://127.0.0.1:9/xAPI/", "--out", str(tmp_path / "d"))
    assert stray.returncode == 1 and "--out 只用于 --format html" in stray.stderr
    link = repo.run("records", "report", "--lrs", "http://127.0.0.1:9/xAPI/", "--format", "html", "--out",
                    str(tmp_path / "d"), "--source-link", "javascript:alert(1)//{file}")
    assert link.returncode == 1 and "--source-link：应为以 http:// 或 https:// 开头" in link.stderr
    inside = repo.run("records", "report", "--lrs", "http://127.0.0.1:9/xAPI/", "--format", "html", "--out",
                      str(repo.root / "curriculum" / "dashboard"))
    assert inside.returncode == 1 and "看板里有学员的记录，不能发布到门户上" in inside.stderr
    down = repo.run("records", "report", "--lrs", "http://127.0.0.1:9/xAPI/", "--format", "html", "--out", str(tmp_path / "d"))
    assert down.returncode == 1 and not (tmp_path / "d").exists()  # nothing written when the LRS cannot be read
    when = repo.run("records", "report", "--lrs", "http://127.0.0.1:9/xAPI/", "--today", "2026-13-01")
    assert when.returncode == 1 and "--today：应为 YYYY-MM-DD 格式的日期，实际是“2026-13-01”" in when.stderr
    english = repo.run("--lang", "en", "records", "report", "--lrs", "http://127.0.0.1:9/xAPI/", "--format", "html")
    assert "error: --format html writes a folder: give it with --out" in english.stderr


def test_add_score_needs_a_key_learners_do_not_have(tmp_path):
    repo = make_repo(tmp_path / "content")
    result = repo.run("records", "add-score", "--lrs", "http://127.0.0.1:9/xAPI/", "--site", SITE, "--rubric",
                      "complaint-handling", "--learner", "A1", "--scores", "emotion=35,solution=50")
    assert result.returncode == 1 and "实操成绩的记录编号要用只有培训部门知道的密钥生成" in result.stderr
    empty = tmp_path / "key"
    empty.write_text("\n", encoding="utf-8")
    result = repo.run("records", "add-score", "--lrs", "http://127.0.0.1:9/xAPI/", "--site", SITE, "--rubric",
                      "complaint-handling", "--learner", "A1", "--scores", "emotion=35,solution=50",
                      "--id-key-file", str(empty))
    assert result.returncode == 1 and f"{empty}：无法读取密钥（文件是空的）" in result.stderr


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_dashboard_opened_from_disk_reads_at_desktop_and_phone_width(browser, curriculum, generated, tmp_path, width):
    from generator.records.dashboard import write_dashboard

    written = write_dashboard(dashboard_report(curriculum, generated), tmp_path / "dashboard")
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(written.as_uri())
    assert requests == [written.as_uri()]  # nothing else: no font, no script, no image
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width  # tables scroll inside their box
    charts = page.locator("figure.chart svg")
    assert charts.count() == 4  # completion, attempts, items and criteria: the data has one of each
    for index in range(charts.count()):
        box = charts.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert box["width"] >= min(300, width - 60)  # big enough to read at this width
    # The smallest chart text stays legible once the SVG is scaled to the page.
    sizes = page.evaluate("""() => [...document.querySelectorAll('figure.chart svg')].map(svg => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return Math.min(...[...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
    })""")
    assert min(sizes) >= 9, sizes
    page.screenshot(path=str(tmp_path / f"dashboard-{width}.png"), full_page=True)
    context.close()
