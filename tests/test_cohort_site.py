"""Cohorts in the built site and on paper: the cohort page, its calendar (read back with icalendar), the
home page and navigation, the evaluation charts, and the cohort pack's PDFs read back as text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import yaml

import pdf_tools

COHORT = "cohorts/new-hire-2027-03"
SOURCE = "curriculum/cohorts/new-hire-2027-03.yml"


def test_cohort_page_has_plan_schedule_assessments_and_results(built_fixture_site):
    html = built_fixture_site.html(COHORT)
    assert "2027 年 3 月新人班" in html and "2027-03-01 至 2027-03-12（12 天）" in html and "6 人" in html
    assert 'href="../../paths/new-hire/">新人上岗路径</a>' in html
    assert html.count("data-date=") == 4 and 'href="../../courses/basic/etiquette/">电话礼仪</a>' in html
    assert "集中培训 · 线上微课 · 讲师 王老师 · 培训室 · 全体新人" in html
    assert "一级 · 反应" in html and "培训满意度问卷（3 题）" in html
    assert "理论考试" not in html and "笔试：上岗考试" in html  # an exam bank is named, never shown
    assert 'href="../../scenarios/late-delivery/">物流延迟的第二次来电</a>' in html
    assert "72%" in html and "71%" in html and "达成" in html  # (72% + 70%) / 2 against the 70% goal
    charts = html.split('class="training-cohort__charts"')[1].split("</div>")[0]
    assert charts.count("<svg") == 1 and "<script" not in charts
    assert 'href="../new-hire-2027-03.ics" download' in html
    assert "cohort.js" in html and "cohort.js" not in built_fixture_site.html("catalog")


def test_cohort_page_shows_level_one_and_two_figures(built_fixture_site):
    html = built_fixture_site.html(COHORT)
    reaction = html.split('id="reaction"')[1].split("</table>")[0]
    assert '<th scope="row">课程内容对我的工作有帮助。</th><td data-label="平均分">4.5</td><td data-label="回收份数">6</td>' in reaction
    learning = html.split('id="learning-results"')[1].split("</table>")[0]
    assert ('<th scope="row">实操评分：投诉处理评分表</th><td data-label="参加">6</td><td data-label="通过">5</td>'
            '<td data-label="通过率">83.3%</td><td data-label="平均分">82.5</td>') in learning
    assert "情景模拟：物流延迟的第二次来电" in learning and "笔试" not in learning  # no figures given for the exam


def test_exam_questions_never_reach_the_cohort_page(built_fixture_site):
    exam = yaml.safe_load((built_fixture_site.root / "assessments/quizzes/final-exam.yml").read_text(encoding="utf-8"))
    html = built_fixture_site.html(COHORT)
    assert exam["title"] in html
    assert not any(question["prompt"] in html for question in exam["questions"])


def test_calendar_reads_back_with_every_session_in_shanghai_time(built_fixture_site):
    from icalendar import Calendar

    calendar = Calendar.from_ical((built_fixture_site.site / f"{COHORT}.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    sessions = yaml.safe_load((built_fixture_site.root / SOURCE).read_text(encoding="utf-8"))["sessions"]
    assert len(events) == len(sessions) == 4
    zone = ZoneInfo("Asia/Shanghai")
    for event, session in zip(events, sessions):
        start, end = session["time"].split("-")
        assert event.decoded("dtstart") == dt.datetime.combine(session["date"], dt.time.fromisoformat(start), zone)
        assert event.decoded("dtend") == dt.datetime.combine(session["date"], dt.time.fromisoformat(end), zone)
        assert str(event["location"]) == session["place"]
        assert str(event["dtstart"].params["TZID"]) == "Asia/Shanghai"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert str(events[0]["summary"]) == "2027 年 3 月新人班：电话礼仪"
    assert len({str(event["uid"]) for event in events}) == 4


def test_home_and_navigation_list_the_cohort_and_its_yaml_is_not_published(built_fixture_site):
    home = built_fixture_site.html("")
    assert 'href="cohorts/new-hire-2027-03/"><strong>2027 年 3 月新人班</strong></a> <span class="training-badge">即将开始</span>' in home
    assert "培训班" in home
    assert not list(built_fixture_site.site.rglob("*.yml")) and not list(built_fixture_site.site.rglob("*.csv"))


@pytest.fixture(scope="module")
def cohort_pack(built_fixture_site, tmp_path_factory):
    out = tmp_path_factory.mktemp("cohort") / "pack"
    result = built_fixture_site.run("cohort-pack", "--cohort", "new-hire-2027-03", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "培训师资料包：5 个 PDF" in result.stdout
    return out


def test_plan_computes_hours_budget_and_lists_every_session(cohort_pack):
    text = " ".join(pdf_tools.text(cohort_pack / "plan.pdf").split())
    for heading in ("培训背景与需求", "培训目标", "课程大纲", "日程安排", "考核方案", "预算", "审批"):
        assert heading in text
    assert "必修 2 小时 15 分钟，选修 1 小时" in text  # 45 + 90 required, 60 optional, from the courses
    assert "直接费用小计 600" in text and "间接费用小计 2,400" in text
    assert "不可预见费（小计的 10%） 300" in text and "预算合计 3,300" in text
    for date, time in (("2027-03-01", "09:00-09:45"), ("2027-03-01", "10:00-11:30"), ("2027-03-02", "14:00-16:00"),
                       ("2027-03-12", "09:00-10:00")):
        assert f"{date}" in text and time in text
    assert all(font["embedded"] for font in pdf_tools.fonts(cohort_pack / "plan.pdf"))


def test_sign_in_questionnaire_and_observation_sheets(cohort_pack, tmp_path):
    sign_in = pdf_tools.pages(cohort_pack / "sign-in.pdf")
    assert len(sign_in) == 4 and "2027-03-02 周二 14:00-16:00" in sign_in[2] and "跟岗旁听" in sign_in[2]
    assert all("签到时间" in page and "签退时间" in page and "\n8\n" in page for page in sign_in)  # 6 people + 2 spare rows
    questionnaires = pdf_tools.pages(cohort_pack / "questionnaires.pdf")
    assert len(questionnaires) == 4 and all("□ 1" in p and "□ 太快" in p and "匿名填写" in p for p in questionnaires)
    observation = pdf_tools.text(cohort_pack / "observation.pdf")
    assert observation.count("学员姓名") == 6  # one per agent
    assert "在演练中 15 分钟内完成投诉闭环" in observation.replace("\n", "")  # a skill objective of the path
    assert "2027-04-12" in observation and "2027-06-12" in observation  # 1 and 3 months after the end
    for name in ("sign-in.pdf", "observation.pdf"):
        assert pdf_tools.ink(cohort_pack / name, 1, tmp_path) > 0.01


def test_report_shows_level_four_against_the_goal(cohort_pack, tmp_path):
    text = " ".join(pdf_tools.text(cohort_pack / "evaluation-report.pdf").split())
    for level in ("一级 · 反应", "二级 · 学习", "三级 · 行为", "四级 · 结果"):
        assert level in text
    assert "FCR 在线组 62% 70% FCR 平均 61% 71%" in text and "70% 达成目标" in text
    assert "课程内容对我的工作有帮助。 4.5 6" in text  # level 1 from new-hire-2027-03.reaction.csv
    assert "实操评分：投诉处理评分表 6 5 83.3% 82.5" in text and "情景模拟：物流延迟的第二次来电 6 4 66.7% 71" in text
    assert pdf_tools.ink(cohort_pack / "evaluation-report.pdf", 1, tmp_path) > 0.01


def test_cohort_pack_refuses_an_unknown_cohort_and_the_site_folder(built_fixture_site, tmp_path):
    unknown = built_fixture_site.run("cohort-pack", "--cohort", "spring", "--out", str(tmp_path / "x"))
    assert unknown.returncode == 1 and "没有 id 为“spring”的培训班（已有：new-hire-2027-03）" in unknown.stderr
    inside = built_fixture_site.run("cohort-pack", "--cohort", "new-hire-2027-03", "--out",
                                    str(built_fixture_site.site / "pack"))
    assert inside.returncode == 1 and not (built_fixture_site.site / "pack").exists()


def test_budget_totals_round_to_the_yuan():
    from generator.model.programme import BudgetLine, Cohort, CohortAssessments

    cohort = Cohort("f", 1, "c", "t", [], [], None, None, "o", None, "", [], [], CohortAssessments(), 12,
                    [BudgetLine(1, "direct", "场地", Decimal("3"), "天", Decimal("333.3"), "")])
    assert (cohort.subtotal, cohort.reserve, cohort.total) == (Decimal("999.9"), Decimal("120"), Decimal("1119.9"))
