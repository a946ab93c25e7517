"""Learning-record reports on a generated set of statements with known answers (records_data.py), checked against
values computed by hand; forgetting one learner; classroom scores checked against the rubric. The dashboard
(records report --format html) has test_records_dashboard.py."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from conftest import FIXTURES, make_repo
from generator.records.forget import ForgetError, forget_learner
from generator.records.report import records_report
from generator.records.report_text import render_report
from generator.records.scores import read_scores_csv, score_statement
from generator.records.statements import read_record, read_records, read_statements
from records_data import (
    ADL,
    BANK,
    POINTS,
    SITE,
    attempt,
    rubric_score,
    stamp,
    statement,
)


def test_path_completion_and_days_to_readiness(curriculum, generated):
    report = records_report(read_records(generated), curriculum)
    path = next(p for p in report.paths if p.path.id == "new-hire-path")
    # Everyone who did anything on the path's steps started it (the bank is a step's self-check).
    assert set(path.started) == {"L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8"}
    # From each learner's first day on any step: L1 took the bank on 1 November and finished on the 11th (11 days,
    # both counted); L2 finished version 2 of a step's course on 1 October and the path on 20 November at 23:00
    # China time (51 days); L7 from 3 to 12 March.
    assert path.days_to_finish == {"L1": 11, "L2": 51, "L7": 10}
    assert path.within_target == 2  # L1 and L7 within 14 days


def test_bank_attempts_pass_rate_and_best_scores(curriculum, generated):
    bank = next(b for b in records_report(read_records(generated), curriculum).banks if b.bank.id == BANK)
    assert bank.attempts == 8 and bank.passed_attempts == 4  # L1, L2, L3 first time; L4 second time
    assert bank.passed_learners == {"L1", "L2", "L3", "L4"}
    assert bank.best == {"L1": 100.0, "L2": 80.0, "L3": 60.0, "L4": 100.0, "L5": 30.0, "L6": 30.0}
    assert bank.first_attempts == 6 and bank.older_attempts == 1


def test_question_statistics_match_the_hand_computed_values(curriculum, generated):
    bank = next(b for b in records_report(read_records(generated), curriculum).banks if b.bank.id == BANK)
    questions = {q.question.id: q for q in bank.questions}
    assert {qid: (q.answers, q.correct) for qid, q in questions.items()} == {
        "first-reply": (6, 4), "triggers": (6, 3), "seven-day": (6, 6), "first-response-hours": (6, 3),
        "steps": (6, 4), "metrics": (6, 1)}
    # Point-biserial against the rest of the score: first-reply, right for L1 L2 L3 L6 (rest 8, 6, 4, 1),
    # wrong for L4 L5 (rest 3, 3): (4.75 - 3) / 2.2669 * sqrt(2/3 * 1/3) = 0.3639.
    assert questions["first-reply"].discrimination == pytest.approx(0.3639, abs=1e-4)
    # triggers, right for L1 L2 L4 (rest 8, 6, 1), wrong for L3 L5 L6 (6, 3, 3): 1.5 / sqrt(1.5 * 33.5) = 0.2116.
    assert questions["triggers"].discrimination == pytest.approx(0.2116, abs=1e-4)
    assert questions["seven-day"].discrimination is None  # everyone right: nothing to tell apart
    assert questions["first-reply"].choice_picks == {0: 4, 1: 2}
    assert questions["triggers"].choice_picks == {0: 4, 1: 3, 2: 3}
    assert questions["seven-day"].flags == ["偏易：100% 答对"]
    assert questions["metrics"].flags[0] == "偏难：只有 17% 答对"
    assert questions["first-reply"].flags == [] and questions["triggers"].flags == []


def test_a_distractor_chosen_more_than_the_answer_is_flagged_with_file_and_line(curriculum):
    version = curriculum.quiz_by_id[BANK].version
    made = []
    for index, learner in enumerate(f"M{n}" for n in range(6)):
        right = index < 2
        made += attempt(learner, {"first-reply": (int(right), "0" if right else "1"), "seven-day": (1, "false")},
                        stamp("2026-11-05"), version)
    report = records_report(read_records(made), curriculum)
    bank = next(b for b in report.banks if b.bank.id == BANK)
    question = next(q for q in bank.questions if q.question.id == "first-reply")
    assert any(flag.startswith("干扰项 B（我们不会骗人的。") and flag.endswith("比正确答案更常被选（4 次）")
               for flag in question.flags)
    text = render_report(report, "text")
    line = curriculum.quiz_by_id[BANK].questions[0].line
    assert f"  assessments/quizzes/deescalation-check.yml:{line}：投诉安抚自测 第 1 题（first-reply）：干扰项 B（" in text


def test_courses_count_learners_at_the_current_version(curriculum, generated):
    course = next(c for c in records_report(read_records(generated), curriculum).courses if c.course_id == "complaint-deescalation")
    # L1 marked version 3 done; L2 finished version 2 and then passed the course's bank at version 3, as did
    # L3 and L4; L8 finished version 2 only.
    assert course.current == {"L1", "L2", "L3", "L4"}
    assert course.earlier_only == {"L8"}


def test_scenario_results_per_criterion(curriculum, generated):
    practice = records_report(read_records(generated), curriculum).practice
    scenario = next(p for p in practice if p.kind == "scenario" and p.id == "late-delivery")
    assert scenario.attempts == 2 and scenario.learners == {"L1", "L2"} and scenario.passed_learners == {"L1"}
    assert [(c[0], c[3]) for c in scenario.criteria] == [("emotion", 20.0), ("solution", 35.0)]


def test_cohort_and_since_select_learners(curriculum, generated):
    cohort = curriculum.cohort_by_id["new-hire-2027-03"]
    report = records_report(read_records(generated), curriculum, cohort=cohort)
    assert report.learners == {"L7"}
    assert [p.path.id for p in report.paths] == ["new-hire-path"] and report.paths[0].days_to_finish == {"L7": 10}
    later = records_report(read_records(generated), curriculum, since=dt.date(2026, 11, 6))
    bank = next(b for b in later.banks if b.bank.id == BANK)
    assert bank.attempts == 1 and bank.best == {"L4": 100.0}


def test_report_formats(curriculum, generated):
    report = records_report(read_records(generated), curriculum)
    text = render_report(report, "text")
    assert text.startswith("学习记录报告：全部学员，共 8 名学员，全部已验证（登录账号）。\n\n【学习路径】\n\n"
                           "新人上岗路径（new-hire-path）\n  已开始：8\n")
    assert "  在目标 14 天内完成：2 / 3\n" in text and "  完成天数中位数：11\n" in text
    assert "投诉安抚自测（deescalation-check）\n  作答次数：8\n  通过率（按次）：50%\n" in text
    assert "  第 1 次作答的通过率：33%（6 次中 2 次）\n  第 2 次作答的通过率：100%（2 次中 2 次）\n" in text
    assert "电话礼仪自测（etiquette-check）\n  作答次数：0\n\n" in text  # nothing more for a bank nobody took
    assert "  第 1 题（first-reply）：6 人首次作答，难度 0.67，区分度 0.36，错误选项 B 2 次\n" in text
    assert "  情绪管理平均分：20.0 / 40\n" in text
    line = curriculum.quiz_by_id[BANK].questions[2].line
    assert f"【待修订的试题】\n  assessments/quizzes/deescalation-check.yml:{line}：投诉安抚自测 第 3 题（seven-day）：偏易" in text
    markdown = render_report(report, "markdown")
    assert markdown.startswith("# 学习记录报告：") and "\n## 试题分析\n\n### 投诉安抚自测（deescalation-check），6 人首次作答当前版本\n\n- 第 1 题" in markdown
    rows = render_report(report, "csv").splitlines()
    assert rows[0] == "部分,对象,指标,数值,位置,已验证,本人填写"
    line = curriculum.quiz_by_id[BANK].questions[0].line
    assert (f"试题分析,投诉安抚自测（deescalation-check） 第 1 题（first-reply）,区分度（点二列相关）,0.36,"
            f"assessments/quizzes/deescalation-check.yml:{line},0.36,—") in rows
    assert "自测题库,投诉安抚自测（deescalation-check）,通过人数,4 / 6,,4 / 6,0 / 0" not in rows  # no such declared row
    assert "自测题库,投诉安抚自测（deescalation-check）,通过人数,4 / 6,,4 / 6,—" in rows
    assert any(row.startswith("待修订,投诉安抚自测（deescalation-check） 第 3 题（seven-day）,原因,偏易") for row in rows)


def test_statements_from_other_tools_or_damaged_ones_are_left_out():
    assert read_record({"actor": {"account": {"name": "x"}}, "verb": {"id": ADL + "answered"},
                        "object": {"id": "http://elsewhere/thing"}, "timestamp": stamp("2026-11-01")}) is None
    for broken in (None, [], {"actor": "x"}, {"actor": {"account": {"name": "x"}}, "verb": {"id": ADL + "passed"},
                                               "object": {"id": SITE + "activities/quiz/b"}, "timestamp": "yesterday"}):
        assert read_record(broken) is None


def test_forget_removes_one_learner_only(tmp_path, generated):
    store = tmp_path / "lrs"
    store.mkdir()
    lines = [json.dumps(s, ensure_ascii=False) for s in generated] + ["not json"]
    (store / "fs_lrs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = read_records([json.loads(line) for line in lines[:-1]])
    removed = forget_learner(store, "L2")
    assert removed == sum(1 for r in before if r.learner == "L2") > 0
    kept = (store / "fs_lrs.jsonl").read_text(encoding="utf-8").splitlines()
    assert kept[-1] == "not json" and len(kept) == len(lines) - removed
    after = read_records([json.loads(line) for line in kept[:-1]])
    assert "L2" not in {r.learner for r in after}
    assert sorted(r.id for r in after) == sorted(r.id for r in before if r.learner != "L2")
    assert forget_learner(store, "L2") == 0
    with pytest.raises(ForgetError):
        forget_learner(tmp_path / "missing", "L1")


def test_classroom_scores_are_checked_against_the_rubric(curriculum, tmp_path):
    rubric = curriculum.rubric_by_id["complaint-handling"]
    sheet = tmp_path / "scores.csv"
    sheet.write_text("learner,date,emotion,solution,assessor\nA1,2026-11-20,35,50,王老师\n"
                     "工 号,2026-13-01,41,x\nA3,2026-11-20,10,,\n", encoding="utf-8")
    scores, problems = read_scores_csv(sheet, rubric)
    assert [s.learner for s in scores] == ["A1"] and scores[0].assessor == "王老师"
    assert problems == [
        f"{sheet}:3: learner: 应为学员的账号或工号（不含空格，最多 64 个字符），实际是“工 号”",
        f"{sheet}:3: date: 应为 YYYY-MM-DD 格式的日期，实际是“2026-13-01”",
        f"{sheet}:3: emotion: “情绪管理”的得分应为 0–40 的整数，实际是“41”",
        f"{sheet}:3: solution: “解决方案”的得分应为 0–60 的整数，实际是“x”",
        f"{sheet}:4: solution: 缺少“解决方案”的得分（0–60 分）",
    ]
    made = score_statement(SITE, rubric, scores[0], b"department secret")
    record = read_record(made)
    assert record is not None and record.kind == "rubric" and record.ids == ("complaint-handling",)
    assert record.verb == "passed" and record.raw == 85 and record.extensions["criteria"] == {"emotion": 35, "solution": 50}
    assert record.timestamp == dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    practice = records_report([record], curriculum).practice
    assert [(p.kind, p.id, p.passed_learners) for p in practice] == [("rubric", "complaint-handling", {"A1"})]


def test_fixture_has_the_bank_this_file_assumes():
    text = (FIXTURES / "minimal" / "assessments" / "quizzes" / f"{BANK}.yml").read_text(encoding="utf-8")
    assert all(f"id: {question}" in text for question in POINTS)


@pytest.mark.parametrize("option, value", [
    ("records_endpoint", "https://lrs.example.com/xAPI/"), ("records_endpoint", "//lrs.example.com/"),
    ("records_endpoint", "xapi/"), ("records_endpoint", "/xapi/\\"), ("records_whoami", "javascript:alert(1)"),
    ("records_whoami", "/who ami"), ("records_endpoint", "/xapi"),
])
def test_records_go_only_to_the_portals_own_site(tmp_path, option, value):
    repo = make_repo(tmp_path / "content")
    repo.replace("mkdocs.yml", "  - training:\n", f"  - training:\n      records: true\n      {option}: '{value}'\n")
    result = repo.run("validate")
    assert result.returncode == 1
    assert f"plugins.training.{option}: 应为本站的路径（以 / 开头；records_endpoint 还要以 / 结尾，例如 /xapi/；学习记录不发往其他网站）" \
        in result.stdout + result.stderr


def test_csv_cells_never_start_a_spreadsheet_formula(curriculum, generated):
    import copy

    hostile = copy.deepcopy(curriculum)
    hostile.quiz_by_id[BANK].title = '=HYPERLINK("http://evil.example","点我")'
    rows = render_report(records_report(read_records(generated), hostile), "csv").splitlines()
    assert not [row for row in rows if row.startswith(("=", "+", "-", "@")) or ",=" in row or ',"=' in row]
    assert any(row.startswith("自测题库,\"'=HYPERLINK(") for row in rows)


def test_statements_posted_to_break_the_report_are_left_out_or_read_safely(curriculum, generated):
    version = curriculum.quiz_by_id[BANK].version
    hostile = attempt("H1", {"first-reply": (0, "²"), "triggers": (0, "9" * 5000)}, stamp("2026-11-05"), version)
    hostile[-1]["result"]["score"]["raw"] = 10 ** 400
    hostile.append(statement("H2", "completed", "course", ["x"], "9999-12-31T23:00:00+00:00"))
    hostile.append(statement("H3", "completed", "course", ["x"], "0001-01-01T01:00:00+14:00"))
    hostile.append(statement("H4", "completed", "course", ["x"], stamp("2026-11-05"), result={"score": {"raw": float("nan")}}))
    hostile += [[], "x", {"actor": {"account": {"name": ["list"]}}}, {"actor": {"account": {"name": "H5"}}, "verb": "v"}]
    report = records_report(read_records(generated + hostile), curriculum)
    for form in ("text", "markdown", "csv"):
        assert render_report(report, form)
    first = next(q for q in next(b for b in report.banks if b.bank.id == BANK).questions if q.question.id == "first-reply")
    assert first.choice_picks == {0: 4, 1: 2}  # "²" is not a choice
    assert {"H2", "H3"}.isdisjoint(report.learners)


def test_the_lrs_client_keeps_its_credentials_on_the_named_server(tmp_path):
    import http.server
    import threading

    from generator.records.lrs import Lrs, LrsError

    seen = []

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.server.server_address[1], self.headers.get("Authorization")))
            body = json.dumps({"statements": [{"id": "1"}], "more": f"http://127.0.0.1:{other.server_address[1]}/steal"})
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{other.server_address[1]}/steal")
                self.end_headers()
                return
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args):
            pass

    lrs_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    for server in (lrs_server, other):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(LrsError, match="下一页指向另一台服务器"):
            Lrs(f"http://127.0.0.1:{lrs_server.server_address[1]}/xAPI/", "portal:secret").statements()
        with pytest.raises(LrsError, match="HTTP 302"):
            Lrs(f"http://127.0.0.1:{lrs_server.server_address[1]}/redirect/", "portal:secret").statements()
        assert {port for port, _ in seen} == {lrs_server.server_address[1]}
    finally:
        lrs_server.shutdown()
        other.shutdown()
    for url in ("notaurl", "http://[::1/", "ftp://host/xAPI/"):
        with pytest.raises(LrsError):
            Lrs(url, None).statements()


def test_forget_keeps_what_it_cannot_read_byte_for_byte(tmp_path, generated):
    store = tmp_path / "lrs"
    store.mkdir()
    raw = b"\xff\xfe not utf-8\n" + b"[" * 100000 + b"\n" + "\n".join(json.dumps(s) for s in generated[:3]).encode() + b"\n"
    (store / "fs_lrs.jsonl").write_bytes(raw)
    learner = read_record(generated[0]).learner
    removed = forget_learner(store, learner)
    kept = (store / "fs_lrs.jsonl").read_bytes()
    assert removed == sum(1 for s in generated[:3] if read_record(s).learner == learner)
    assert kept.startswith(b"\xff\xfe not utf-8\n" + b"[" * 100000 + b"\n")


def test_pass_rate_by_attempt_counts_each_learners_nth_attempt(curriculum, generated):
    bank = next(b for b in records_report(read_records(generated), curriculum).banks if b.bank.id == BANK)
    # First attempts: L1 (1 November, the older version, failed), L2 and L3 passed, L4 L5 L6 failed; second
    # attempts: L1 on 5 November and L4 on 6 November, both passed.
    assert bank.by_attempt == [(6, 2), (2, 2), (0, 0), (0, 0)]


HUGE = [  # (statement, the reason it is left out)
    (rubric_score("H1", {"emotion": 1e308, "solution": 1}), "X1704"),
    (rubric_score("H2", {"emotion": 1e308, "solution": 1}), "X1704"),
    (rubric_score("H3", {"emotion": 1e308, "solution": 1}), "X1704"),  # three of them: the finding's payload
    (rubric_score("H4", {"emotion": 9e307, "solution": 9e307}), "X1704"),  # each finite, overflowing only together
    (rubric_score("H5", {"emotion": float("inf"), "solution": 1}), "X1704"),
    (rubric_score("H6", {"emotion": float("nan"), "solution": 1}), "X1704"),
    (rubric_score("H7", {"emotion": 10 ** 400, "solution": 1}), "X1704"),
    (rubric_score("H8", {"emotion": -(10 ** 400), "solution": 1}), "X1704"),
    (rubric_score("H9", {"emotion": 41, "solution": 1}), "X1704"),  # within any bound, more than the rubric's 40
    (rubric_score("H10", {"emotion": 1, "solution": 1}, raw=1e308, max=1e308), "X1703"),
    (rubric_score("H11", {"emotion": 1, "solution": 1}, raw=10 ** 400), "X1703"),
    (rubric_score("H12", {"emotion": 1, "solution": 1}, scaled=1e308), "X1703"),
    (rubric_score("H13", {"emotion": 1, "solution": 1}, raw=101), "X1703"),  # more than its own max
    (rubric_score("H14", {"emotion": 1, "solution": 1}, max=float("-inf")), "X1703"),
    (statement("H15", "completed", "course", ["x"], "not a time"), "X1702"),
    ({"actor": {"mbox": "mailto:x@example.com"}, "verb": {"id": ADL + "completed"}}, "X1701"),
]


@pytest.mark.parametrize("form", ["text", "markdown", "csv"])
def test_statements_with_numbers_no_report_can_add_are_left_out_and_counted(curriculum, generated, form):
    read = read_statements(generated + [made for made, _ in HUGE])
    report = records_report(read.records, curriculum, skipped=read.skipped)
    expected = {}
    for _, reason in HUGE:
        expected[reason] = expected.get(reason, 0) + 1
    # The one not-ours statement of `generated` (another tool's) is counted too.
    expected["X1701"] += 1
    assert dict(report.skipped) == expected
    assert not [p for p in report.practice if p.kind == "rubric"]  # every classroom score here was left out
    rendered = render_report(report, form)
    total = sum(expected.values())
    if form == "csv":
        rows = rendered.splitlines()
        assert f"已跳过的记录,,条数,{total},,," in rows
        assert "已跳过的记录,,评分项得分超出范围（超过评分表中该项的满分）,9,X1704,," in rows
    else:
        assert f"已跳过 {total} 条无法使用的学习记录：不是本门户的学习记录（其他工具的，或已损坏）（2 条）；时间无法读取（1 条）；" in rendered
        assert "分数超出范围（得分和满分应在 ±1000000 以内、得分不超过满分，scaled 在 -1 到 1 之间）（5 条）" in rendered
    assert "inf" not in rendered.lower() and "nan" not in rendered.lower()


def test_many_large_but_bounded_scores_stay_exact(curriculum):
    """Up to the bound every sum is exact: 2,000 classroom scores at full marks and 2,000 attempts at 1,000,000
    points out of 1,000,000 give plain means."""
    made = [rubric_score(f"B{n}", {"emotion": 40, "solution": 60}, raw=100) for n in range(2000)]
    made += [statement(f"B{n}", "passed", "quiz", [BANK], stamp("2026-11-05"), registration=str(uuid.uuid4()),
                       result={"score": {"raw": 1_000_000, "max": 1_000_000, "scaled": 1}}) for n in range(2000)]
    report = records_report(read_records(made), curriculum)
    rubric = next(p for p in report.practice if p.kind == "rubric")
    assert rubric.attempts == 2000 and [c[3] for c in rubric.criteria] == [40.0, 60.0]
    assert "  最好成绩平均：100.0%\n" in render_report(report, "text")


def test_verified_and_self_declared_learners_are_counted_apart(curriculum):
    declared = {"context": {SITE + "self-declared": True}}
    made = [statement("V1", "experienced", "course", ["service-etiquette"], stamp("2026-11-02"), context={"version": 1}),
            statement("V1", "completed", "path", ["new-hire-path"], stamp("2026-11-05")),
            statement("V2", "experienced", "course", ["service-etiquette"], stamp("2026-11-02"), context={"version": 1}),
            statement("D1", "experienced", "course", ["service-etiquette"], stamp("2026-11-03"),
                      context={"version": 1, "self-declared": True})]
    assert declared  # the extension as the gate writes it: <site>records/self-declared
    report = records_report(read_records(made), curriculum)
    assert report.verified.learners == {"V1", "V2"} and report.declared.learners == {"D1"}
    text = render_report(report, "text")
    assert text.startswith("学习记录报告：全部学员，共 3 名学员，其中已验证（登录账号）2 人，本人填写工号 1 人。")
    assert "  已开始：3（已验证 2，本人填写 1）\n  已完成：1（已验证 1，本人填写 0）\n" in text
    rows = render_report(report, "csv").splitlines()
    assert "学习路径,新人上岗路径（new-hire-path）,已开始,3,,2,1" in rows


def test_who_is_overdue_on_a_path_and_on_a_cohorts_assessments(curriculum, generated):
    report = records_report(read_records(generated), curriculum, today=dt.date(2026, 12, 1))
    # new-hire-path, 14 days: L3 from 2 November (due the 15th), L4 L5 L6 from 5 November (due the 18th) and L8
    # from 1 October (due the 14th) have not finished it by 1 December; L1, L2 and L7 finished.
    assert [(o.learner, o.due.isoformat(), o.days_late) for o in report.overdue] == [
        ("L3", "2026-11-15", 16), ("L4", "2026-11-18", 13), ("L5", "2026-11-18", 13), ("L6", "2026-11-18", 13),
        ("L8", "2026-10-14", 48)]
    later = records_report(read_records(generated), curriculum, today=dt.date(2027, 3, 20))
    cohort = [(o.learner, o.subject, o.state, o.days_late) for o in later.overdue if o.kind == "assessment"]
    # The March cohort is L7 alone; after its last day (12 March) L7 has no classroom score and has not passed
    # the scenario; the paper exam is not in the records.
    assert cohort == [("L7", "投诉处理评分表（complaint-handling）", "没有实操成绩", 8),
                      ("L7", "物流延迟的第二次来电（late-delivery）", "未通过", 8)]


def test_classroom_score_ids_are_keyed_repeatable_and_never_a_learners(curriculum):
    from generator.records.scores import ClassroomScore

    rubric = curriculum.rubric_by_id["complaint-handling"]
    score = ClassroomScore("A1", dt.date(2026, 11, 20), {"emotion": 35, "solution": 50})
    first = score_statement(SITE, rubric, score, b"department secret")["id"]
    assert score_statement(SITE, rubric, score, b"department secret")["id"] == first  # a sheet sent again
    assert score_statement(SITE, rubric, score, b"another secret")["id"] != first
    assert first != str(uuid.uuid5(uuid.NAMESPACE_URL, f"{SITE}activities/rubric/complaint-handling#A1@2026-11-20"))
    assert uuid.UUID(first).version == 8  # the gate takes only version 4 from learners
    other_day = ClassroomScore("A1", dt.date(2026, 11, 21), {"emotion": 35, "solution": 50})
    assert score_statement(SITE, rubric, other_day, b"department secret")["id"] != first


def test_a_sheet_sent_twice_or_with_another_key_counts_once(curriculum):
    from generator.records.scores import ClassroomScore

    rubric = curriculum.rubric_by_id["complaint-handling"]
    score = ClassroomScore("A1", dt.date(2026, 11, 20), {"emotion": 35, "solution": 50})
    again = ClassroomScore("A1", dt.date(2026, 11, 20), {"emotion": 30, "solution": 50})
    made = [score_statement(SITE, rubric, score, b"one"), score_statement(SITE, rubric, again, b"two")]
    practice = next(p for p in records_report(read_records(made), curriculum).practice if p.kind == "rubric")
    assert practice.attempts == 1 and practice.criteria[0][3] == 30.0  # the last sent stands


def test_a_score_sheet_with_an_overlong_cell_is_named_with_its_line(curriculum, tmp_path):
    sheet = tmp_path / "scores.csv"
    sheet.write_text("learner,date,emotion,solution\nA1,2026-11-20,35,50\nA2,2026-11-20," + "9" * 200_000 + ",1\n",
                     encoding="utf-8")
    scores, problems = read_scores_csv(sheet, curriculum.rubric_by_id["complaint-handling"])
    assert scores == [] and problems == [f"{sheet}:3: 一个单元格超过 131072 个字符"]


def test_report_reads_in_english_with_lang_en(curriculum, generated):
    """Every word of the report comes from the message catalogue: `--lang en` gives the report in English."""
    import re

    from generator.messages import language, set_language

    before = language()
    set_language("en")
    try:
        report = records_report(read_records(generated), curriculum)
        text, markdown, csv_text = (render_report(report, form) for form in ("text", "markdown", "csv"))
    finally:
        set_language(before)
    assert "\n[Learning paths]\n" in text
    assert "  started: 8\n" in text and "  finished within the target of 14 days: 2 / 3\n" in text
    assert "  pass rate of attempt 1: 33% (2 of 6)\n" in text
    assert "  question 1 (first-reply): 6 first answers, difficulty 0.67, discrimination 0.36, wrong options B 2 times\n" in text
    assert "\n## Item analysis\n" in markdown and "too easy: " in text
    assert csv_text.splitlines()[0] == "section,subject,measure,value,where,verified,self-declared"
    # Titles and ids come from the content; the report's own words have no Chinese left.
    own_words = text
    for title in sorted({*(b.title for b in curriculum.quizzes), *(p.title for p in curriculum.paths), *(c.title for c in curriculum.courses),
                  *(s.title for s in curriculum.scenarios), *(r.title for r in curriculum.rubrics),
                  *(c.name for r in curriculum.rubrics for c in r.criteria)}, key=len, reverse=True):
        own_words = own_words.replace(title, "")
    assert not re.findall(r"[\u4e00-\u9fff]+", own_words)
