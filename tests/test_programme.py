"""Programmes in the content model: cohorts, surveys and evaluation data; one broken file per rule, each
reported with file, line and field, all in one run; budgets and hours computed from the YAML."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.errors import ContentError
from generator.model import load_curriculum
from test_validation_errors import located_messages

COHORT = "curriculum/cohorts/new-hire-2027-03.yml"
SURVEY = "assessments/surveys/session-feedback.yml"
DATA = "assessments/evaluations/new-hire-2027-03.csv"
REACTION = "assessments/evaluations/new-hire-2027-03.reaction.csv"
LEARNING = "assessments/evaluations/new-hire-2027-03.learning.csv"

# (file, text, replacement, expected location "file:line: field", code, a part of the message)
CASES = {
    "unknown course in a session": (COHORT, "courses: [service-etiquette]", "courses: [etiquette]",
                                    f"{COHORT}:20: sessions[0].courses[0]", "R401", "“etiquette”不是已定义的课程"),
    "unknown path": (COHORT, "paths: [new-hire-path]", "paths: [new-hire]", f"{COHORT}:4: paths[0]", "R401",
                     "“new-hire”不是已定义的学习路径"),
    "unknown format": (COHORT, "format: micro-course", "format: lecture", f"{COHORT}:21: sessions[0].format", "R401",
                       "“lecture”不是已定义的授课形式"),
    "unknown survey": (COHORT, "reaction: [session-feedback]", "reaction: [feedback]",
                       f"{COHORT}:45: assessments.reaction[0]", "R401", "“feedback”不是已定义的问卷"),
    "unknown assessment": (COHORT, "learning: [final-exam,", "learning: [final,", f"{COHORT}:46: assessments.learning[0]",
                           "K1415", "“final”不是题库、评分表或情景模拟；是不是“final-exam”？"),
    "session outside the dates": (COHORT, "  - date: 2027-03-12", "  - date: 2027-03-15", f"{COHORT}:38: sessions[3].date",
                                  "K1412", "2027-03-15 不在培训班的日期 2027-03-01 至 2027-03-12 之内"),
    "a room booked twice": (COHORT, 'time: "10:00-11:30"', 'time: "09:30-11:00"', f"{COHORT}:26: sessions[1]", "K1413",
                            "培训室在 2027-03-01 09:30-11:00 已有安排（09:00-09:45, curriculum/cohorts/new-hire-2027-03.yml:17）"),
    "a trainer booked twice": (COHORT, '  - date: 2027-03-02\n    time: "14:00-16:00"', '  - date: 2027-03-01\n    time: "09:15-10:00"',
                               f"{COHORT}:32: sessions[2]", "K1413", "王老师在 2027-03-01 09:15-10:00 已有安排"),
    "a required course never scheduled": (COHORT, "    courses: [complaint-deescalation]\n", "    activity: 复盘\n",
                                          f"{COHORT}:4: paths", "K1414", "路径“新人上岗路径”的必修课程“投诉安抚”没有排进日程"),
    "not a time range": (COHORT, 'time: "14:00-16:00"', 'time: "下午"', f"{COHORT}:33: sessions[2].time", "K1402",
                         "“下午”不是时间段"),
    "a session that ends before it starts": (COHORT, 'time: "14:00-16:00"', 'time: "16:00-14:00"',
                                             f"{COHORT}:33: sessions[2].time", "K1403", "结束时间不晚于开始时间"),
    "a session with nothing in it": (COHORT, "    activity: 跟岗旁听\n", "", f"{COHORT}:32: sessions[2]", "K1404",
                                     "courses（课程 id）或 activity"),
    "end before start": (COHORT, "end: 2027-03-12", "end: 2027-02-12", f"{COHORT}:6: end", "K1401", "早于开始日期"),
    "budget kind": (COHORT, "kind: indirect", "kind: other", f"{COHORT}:57: budget.lines[1].kind", "K1406",
                    "“other”不是预算类别"),
    "negative quantity": (COHORT, "quantity: 48", "quantity: -48", f"{COHORT}:59: budget.lines[1].quantity", "K1405",
                          "应为 0 到 1,000,000,000 之间的数字"),
    "too many participants": (COHORT, "participants: 6", "participants: 1000000", f"{COHORT}:8: participants", "V325",
                              "应为不大于 300 的整数，实际是 1000000"),
    "a huge quantity": (COHORT, "quantity: 48", "quantity: 100000000000000000000", f"{COHORT}:59: budget.lines[1].quantity",
                        "K1405", "实际是数字 100000000000000000000"),
    "a price of 1e308": (COHORT, "unit_price: 200", "unit_price: 1.0e+308", f"{COHORT}:", "K1405", "应为 0 到 1,000,000,000"),
    "a price that is not a number": (COHORT, "unit_price: 200", "unit_price: .nan", f"{COHORT}:", "K1405", "应为 0 到"),
    "an infinite quantity": (COHORT, "quantity: 48", "quantity: .inf", f"{COHORT}:59: budget.lines[1].quantity", "K1405", "应为 0 到"),
    "survey item type": (SURVEY, "type: open", "type: essay", f"{SURVEY}:12: items[2].type", "K1407", "“essay”不是问卷题型"),
    "single choice without choices": (SURVEY, "    choices: [太快, 合适, 太慢]\n", "", f"{SURVEY}:7: items[1].choices",
                                      "V317", "必填字段缺失"),
    "a column of names": (DATA, "metric,group,before,after,unit", "metric,group,姓名,before,after,unit", f"{DATA}:1: 姓名",
                          "K1410", "个人信息保护法"),
    "a phone number": (DATA, "FCR,热线组,", "FCR,13812345678,", f"{DATA}:2: group", "K1411", "像是手机号码"),
    "an ID card number": (DATA, "FCR,在线组,", "FCR,11010519491231002X,", f"{DATA}:3: group", "K1411", "像是身份证号码"),
    "a phone number with spaces and +86 inside text": (DATA, "FCR,在线组,", "FCR,在线组 张三 +86 138 1234 5678,",
                                                       f"{DATA}:3: group", "K1411", "像是手机号码（861********78）"),
    "a phone number with dashes": (DATA, "FCR,热线组,", "FCR,热线组（138-1234-5678）,", f"{DATA}:2: group", "K1411",
                                   "像是手机号码（138******78）"),
    "an ID number next to a name": (DATA, "FCR,在线组,", "FCR,李四110105 19491231 002x,", f"{DATA}:3: group", "K1411",
                                    "像是身份证号码（110*************2X）"),
    "an e-mail address with text around it": (DATA, "0.72,ratio", "0.72,ratio（问 li.si@example.com）", f"{DATA}:2: unit",
                                              "K1411", "像是电子邮箱（l****@example.com）"),
    "a staff number": (DATA, "FCR,热线组,", "FCR,热线组 工号A1001,", f"{DATA}:2: group", "K1411", "像是工号（A1*01）"),
    "a person's name as a group": (DATA, "FCR,热线组,", "FCR,张三,", f"{DATA}:2: group", "K1425",
                                   "“张三”不是已登记的小组名称；group 只能填写 model.yml 中 groups 或 audiences 的 id 或名称，"
                                   "或者全体、合计、总体、全部、对照组、参训组、未参训组（已登记：热线组、在线组、新入职客服）"),
    "a level-1 survey name holding a phone": (REACTION, "session-feedback,useful", "session-feedback 13912345678,useful",
                                              f"{REACTION}:2: survey", "K1411", "像是手机号码"),
    "a trainer's phone in a cohort": (COHORT, "trainer: 李老师\n    place: 培训室", "trainer: 李老师 13912345678\n    place: 培训室",
                                      f"{COHORT}:30: sessions[1].trainer", "K1426",
                                      "含有手机号码（139******78）；培训班计划会在门户上发布"),
    "an e-mail in a cohort's needs": (COHORT, "needs: 新人上岗周期偏长", "needs: 联系 wang＠example.com，新人上岗周期偏长",
                                      f"{COHORT}:9: needs", "K1426", "含有电子邮箱（w***@example.com）"),
    "an ID number in a cohort's goal": (COHORT, "measured_by: 工单系统统计", "measured_by: 王五 11010519491231002X 统计",
                                        f"{COHORT}:15: goals[0].measured_by", "K1426", "含有身份证号码"),
    "a cell past the csv module's limit": (DATA, "FCR,在线组,", "FCR,在线组," + "1" * 140_000 + ",", f"{DATA}:3", "K1427",
                                            "这一行有超过 200 个字符的单元格"),
    "a long cell": (REACTION, "session-feedback,useful", "session-feedback," + "很有用" * 100, f"{REACTION}:2", "K1427",
                    "超过 200 个字符"),
    "a line break in a cohort's title": (COHORT, "title: 2027 年 3 月新人班", 'title: "2027 年 3 月\\r新人班"',
                                         f"{COHORT}:2: title", "V326", "应写在一行内，不能有换行、制表符或其他控制字符（发现 U+000D）"),
    "a line feed in a session's place": (COHORT, "place: 会议室", 'place: "会议室\\nA"', f"{COHORT}:43: sessions[3].place",
                                          "V326", "（发现 U+000A）"),
    "a tab in a course title": ("curriculum/courses/basic/etiquette.md", "title: 电话礼仪", 'title: "电话\\t礼仪"',
                                "curriculum/courses/basic/etiquette.md:3: title", "V326", "（发现 U+0009）"),
    "wrong columns": (DATA, "metric,group,before,after,unit", "metric,before,after", f"{DATA}:1", "K1408",
                      "第一行应为列名 metric,group,before,after,unit"),
    "not a number": (DATA, "0.6,0.72", "六成,0.72", f"{DATA}:2: before", "K1417", "应为数字（例如 0.72 或 930），实际是“六成”"),
    "not a finite number": (DATA, "0.6,0.72", "NaN,0.72", f"{DATA}:2: before", "K1417", "实际是“NaN”"),
    "a level-1 survey the cohort does not use": (REACTION, "session-feedback,useful", "exit-survey,useful",
                                                 f"{REACTION}:2: survey", "K1421",
                                                 "“exit-survey”不是培训班“new-hire-2027-03”的反应层问卷（assessments.reaction：session-feedback）"),
    "a level-1 item that is not a 1-5 item": (REACTION, "session-feedback,useful", "session-feedback,pace",
                                             f"{REACTION}:2: item", "K1422", "问卷“session-feedback”没有 1–5 分的题目“pace”（可用：useful）"),
    "a level-1 mean off the scale": (REACTION, ",6,4.5", ",6,5.5", f"{REACTION}:2: mean", "K1419", "应在 1 到 5 之间，实际是“5.5”"),
    "a level-1 count that is not whole": (REACTION, ",6,4.5", ",六,4.5", f"{REACTION}:2: responses", "K1418",
                                          "应为人数（不小于 0 的整数），实际是“六”"),
    "more responses than participants": (REACTION, ",6,4.5", ",9,4.5", f"{REACTION}:2: responses", "K1424",
                                         "9 人多于培训班的人数 6"),
    "a level-2 assessment the cohort does not name": (LEARNING, "late-delivery,", "etiquette-check,", f"{LEARNING}:3: assessment",
                                                      "K1423", "“etiquette-check”不是培训班“new-hire-2027-03”的学习层考核"),
    "more passes than participants": (LEARNING, "complaint-handling,6,5,", "complaint-handling,6,7,",
                                      f"{LEARNING}:2: passed", "K1420", "通过人数 7 多于参加人数 6"),
    "a level-2 mean over 100": (LEARNING, ",82.5", ",182.5", f"{LEARNING}:2: mean", "K1419", "应在 0 到 100 之间"),
    "a level-2 file with a name column": (LEARNING, "assessment,participants,passed,mean", "assessment,姓名,participants,passed,mean",
                                          f"{LEARNING}:1: 姓名", "K1410", "个人信息保护法"),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_programme_rule_is_located(content_repo, case):
    located_messages(content_repo, CASES[case])


def test_an_evaluation_file_belongs_to_a_cohort(content_repo):
    content_repo.write("assessments/evaluations/old-class.csv", content_repo.read(DATA))
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    assert [str(p) for p in raised.value.problems] == [
        "assessments/evaluations/old-class.csv:1: 评估数据文件名应是培训班的 id（old-class.csv、old-class.reaction.csv 或 "
        "old-class.learning.csv），但没有 id 为“old-class”的培训班 [K1416]"]


def test_level_one_and_two_figures_are_read_per_cohort(content_repo):
    curriculum = load_curriculum(content_repo.root)
    reaction = curriculum.reaction_by_cohort["new-hire-2027-03"].reaction
    assert [(r.survey, r.item, r.responses, r.mean) for r in reaction] == [("session-feedback", "useful", 6, Decimal("4.5"))]
    learning = curriculum.learning_by_cohort["new-hire-2027-03"].learning
    assert [(r.assessment, r.participants, r.passed, r.mean, r.pass_rate) for r in learning][0] == \
        ("complaint-handling", 6, 5, Decimal("82.5"), Decimal(5) / Decimal(6))
    assert curriculum.evaluation_by_cohort["new-hire-2027-03"].kind == ""  # the level-4 file stays the level-4 data


def test_every_programme_problem_in_one_run(content_repo):
    for case in ("unknown course in a session", "a room booked twice", "survey item type", "a phone number"):
        file, old, new, *_ = CASES[case]
        content_repo.replace(file, old, new)
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    # the unknown course also leaves the path's course unscheduled (K1414)
    assert sorted(p.code for p in raised.value.problems) == ["K1407", "K1411", "K1413", "K1414", "R401"]


def test_hours_and_length_worth_a_look_are_warnings(content_repo):
    content_repo.replace(COHORT, 'time: "09:00-09:45"', 'time: "09:00-10:00"')
    content_repo.replace(COHORT, "end: 2027-03-12", "end: 2027-03-31")
    warnings = [w for w in load_curriculum(content_repo.root).warnings if w.file == COHORT]
    assert [(w.code, w.line) for w in warnings] == [("W1206", 6), ("W1205", 17)]
    assert "培训班共 31 天，超过路径“新人上岗路径”计划的 14 天" in warnings[0].message
    assert "课程“电话礼仪”排课 60 分钟，课程时长是 45 分钟" in warnings[1].message


def test_the_cohort_model(content_repo):
    curriculum = load_curriculum(content_repo.root)
    cohort = curriculum.cohort_by_id["new-hire-2027-03"]
    assert (cohort.days, len(cohort.sessions), cohort.participants) == (12, 4, 6)
    assert [s.minutes for s in cohort.sessions] == [45, 90, 120, 60]
    assert (cohort.direct, cohort.indirect, cohort.reserve, cohort.total) == (
        Decimal(600), Decimal(2400), Decimal(300), Decimal(3300))
    assert cohort.trainers() == ["王老师", "李老师"]
    evaluation = curriculum.evaluation_by_cohort["new-hire-2027-03"]
    assert [(r.group, r.before, r.after) for r in evaluation.rows] == [
        ("热线组", Decimal("0.6"), Decimal("0.72")), ("在线组", Decimal("0.62"), Decimal("0.7"))]
    assert curriculum.survey_by_id["session-feedback"].items[1].choices == ["太快", "合适", "太慢"]


def test_calendar_text_is_escaped_whatever_reaches_it(content_repo):
    """Content that passed no validation (a changed rule, a programme built in code) still gives one line per
    property: line breaks escaped, other control characters dropped (RFC 5545 TEXT)."""
    import datetime as dt

    from icalendar import Calendar

    from generator.render.cohort import cohort_calendar

    curriculum = load_curriculum(content_repo.root)
    cohort = curriculum.cohort_by_id["new-hire-2027-03"]
    cohort.title = "新人\r班\n第一期\x00"
    cohort.sessions[3].place = "会议室\r\nB"
    cohort.sessions[3].activity = "情景\r模拟\r\n考核"
    ics = cohort_calendar(curriculum, cohort, dt.date(2027, 1, 1))
    assert b"\r" not in ics.replace(b"\r\n", b"") and b"\x00" not in ics
    parsed = Calendar.from_ical(ics)
    assert str(parsed["x-wr-calname"]) == "新人 班 第一期"
    last = [event for event in parsed.walk("VEVENT")][-1]
    assert str(last["location"]) == "会议室 B" and "内容：情景\n模拟\n考核" in str(last["description"])


def test_a_cohort_has_a_bounded_number_of_sessions(content_repo):
    session = "  - date: 2027-03-12\n    time: \"09:00-10:00\"\n    activity: 复盘\n    place: 会议室 B\n"
    content_repo.replace(COHORT, "assessments:\n", session * 400 + "assessments:\n")
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    assert f"{COHORT}:16: sessions: 有 404 场，超过一期培训班的上限 400 场；请拆成几期培训班 [K1428]" in \
        [str(p) for p in raised.value.problems]


def test_a_chart_is_drawn_once_and_read_back_by_the_next_build(monkeypatch):
    from generator.render import evaluation

    arguments = ("FCR", True, "%", ("热线组", "在线组"), (60.0, 62.0), (72.0, 70.0), 70.0, "70")
    evaluation._chart.cache_clear()
    drawn = evaluation._chart(*arguments)
    assert drawn.startswith("<svg") and evaluation._kept_chart(arguments).read_text(encoding="utf-8") == drawn

    def not_again(*_):
        raise AssertionError("drawn again")

    monkeypatch.setattr(evaluation, "_draw", not_again)
    evaluation._chart.cache_clear()  # a new build process
    assert evaluation._chart(*arguments) == drawn
    evaluation._chart.cache_clear()
