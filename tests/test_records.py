"""Learning-record reports on a generated set of statements with known answers, checked against values
computed by hand; forgetting one learner; classroom scores checked against the rubric."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from conftest import FIXTURES, make_repo
from generator.model.layout import ContentLayout
from generator.model.load import load_curriculum
from generator.records.forget import ForgetError, forget_learner
from generator.records.report import records_report
from generator.records.report_text import render_report
from generator.records.scores import read_scores_csv, score_statement
from generator.records.statements import read_record, read_records, read_statements

SITE = "http://portal.example/"
ADL = "http://adlnet.gov/expapi/verbs/"
BANK = "deescalation-check"
# deescalation-check: first-reply 2 points (single), triggers 2 (multiple), seven-day 1, first-response-hours 1,
# steps 2, metrics 2: 10 points, 60 % to pass.
POINTS = {"first-reply": 2, "triggers": 2, "seven-day": 1, "first-response-hours": 1, "steps": 2, "metrics": 2}
FIRST_ATTEMPTS = {  # learner -> per question (right?, response)
    "L1": {"first-reply": (1, "0"), "triggers": (1, "0[,]1"), "seven-day": (1, "false"), "first-response-hours": (1, "24"),
           "steps": (1, "0[,]1[,]2[,]3"), "metrics": (1, "0[.]0[,]1[.]1[,]2[.]2[,]3[.]3")},
    "L2": {"first-reply": (1, "0"), "triggers": (1, "0[,]1"), "seven-day": (1, "false"), "first-response-hours": (1, "24"),
           "steps": (1, "0[,]1[,]2[,]3"), "metrics": (0, "0[.]1")},
    "L3": {"first-reply": (1, "0"), "triggers": (0, "0[,]2"), "seven-day": (1, "false"), "first-response-hours": (1, "24"),
           "steps": (1, "0[,]1[,]2[,]3"), "metrics": (0, "")},
    "L4": {"first-reply": (0, "1"), "triggers": (1, "0[,]1"), "seven-day": (1, "false"), "first-response-hours": (0, "12"),
           "steps": (0, "1[,]0[,]2[,]3"), "metrics": (0, "")},
    "L5": {"first-reply": (0, "1"), "triggers": (0, "2"), "seven-day": (1, "false"), "first-response-hours": (0, ""),
           "steps": (1, "0[,]1[,]2[,]3"), "metrics": (0, "")},
    "L6": {"first-reply": (1, "0"), "triggers": (0, "2"), "seven-day": (1, "false"), "first-response-hours": (0, "48"),
           "steps": (0, ""), "metrics": (0, "")},
}


def stamp(day: str, hour: int = 2) -> str:
    return f"{day}T{hour:02d}:00:00Z"  # 10:00 in China


def statement(learner: str, verb: str, kind: str, ids: list[str], when: str, *, result=None, context=None,
              registration=None, parents=None) -> dict:
    made = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "account": {"homePage": SITE, "name": learner}},
        "verb": {"id": ADL + verb},
        "object": {"objectType": "Activity", "id": SITE + "activities/" + kind + "/" + "/".join(ids)},
        "timestamp": when,
        "context": {"extensions": {SITE + "records/" + k: v for k, v in (context or {}).items()}},
    }
    if registration:
        made["context"]["registration"] = registration
    if parents:
        made["context"]["contextActivities"] = {"parent": [{"id": SITE + "activities/" + p} for p in parents]}
    if result:
        made["result"] = result
    return made


def attempt(learner: str, answers: dict, when: str, version: str) -> list[dict]:
    registration = str(uuid.uuid4())
    made, raw = [], 0
    for question, (right, response) in answers.items():
        raw += POINTS[question] * right
        made.append(statement(learner, "answered", "question", [BANK, question], when, registration=registration,
                              context={"bank-version": version},
                              result={"response": response, "success": bool(right), "score": {"scaled": right}}))
    passed = raw >= 6
    made.append(statement(learner, "passed" if passed else "failed", "quiz", [BANK], when, registration=registration,
                          context={"bank-version": version, "version": 3}, parents=["course/complaint-deescalation"],
                          result={"score": {"raw": raw, "min": 0, "max": 10, "scaled": raw / 10}, "success": passed}))
    return made


@pytest.fixture(scope="module")
def curriculum(tmp_path_factory):
    root = tmp_path_factory.mktemp("records-content")
    make_repo(root / "content")
    return load_curriculum(ContentLayout(root=root / "content", docs_dir="curriculum", assessments_dir="assessments",
                                         handbooks_file="handbooks.yml"))


@pytest.fixture(scope="module")
def generated(curriculum) -> list[dict]:
    version = curriculum.quiz_by_id[BANK].version
    made = []
    for learner, answers in FIRST_ATTEMPTS.items():
        made += attempt(learner, answers, stamp("2026-11-05"), version)
    # L4 passes on a second try: counted as an attempt, not in the question statistics.
    made += attempt("L4", {q: (1, "") for q in POINTS}, stamp("2026-11-06"), version)
    # L1 took the bank before its questions changed: not in the statistics either.
    made += attempt("L1", {q: (0, "") for q in POINTS}, stamp("2026-11-01"), "an-older-version")
    # The path (target 14 days): L1 and L2 finish it, L3 does not.
    for learner in ("L1", "L2", "L3"):
        made.append(statement(learner, "experienced", "course", ["service-etiquette"], stamp("2026-11-02"), context={"version": 1}))
    made.append(statement("L1", "completed", "path", ["new-hire-path"], stamp("2026-11-11")))
    made.append(statement("L2", "completed", "path", ["new-hire-path"], stamp("2026-11-20", hour=15)))  # 23:00 in China
    # complaint-deescalation is at version 3: L1 finished it, L2 only finished version 2 (L3 passed its bank above).
    made.append(statement("L1", "completed", "course", ["complaint-deescalation"], stamp("2026-11-07"), context={"version": 3}))
    made.append(statement("L2", "completed", "course", ["complaint-deescalation"], stamp("2026-10-01"), context={"version": 2}))
    made.append(statement("L8", "completed", "course", ["complaint-deescalation"], stamp("2026-10-01"), context={"version": 2}))
    # A scenario played twice and a classroom score.
    for learner, emotion, solution, verb in (("L1", 30, 50, "passed"), ("L2", 10, 20, "failed")):
        made.append(statement(learner, verb, "scenario", ["late-delivery"], stamp("2026-11-08"),
                              result={"score": {"raw": emotion + solution, "max": 100}, "success": verb == "passed",
                                      "extensions": {SITE + "records/criteria": {"emotion": emotion, "solution": solution}}}))
    # L7 starts in March 2027: the fixture's cohort new-hire-2027-03 (1 to 12 March) is L7 alone.
    made.append(statement("L7", "experienced", "course", ["service-etiquette"], stamp("2027-03-03"), context={"version": 1}))
    made.append(statement("L7", "completed", "path", ["new-hire-path"], stamp("2027-03-12")))
    made.append({"actor": {"mbox": "mailto:x@example.com"}, "verb": {"id": "http://example.com/other"},
                 "object": {"id": "http://example.com/thing"}, "timestamp": stamp("2026-11-05")})  # not the portal's
    return made


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


def rubric_score(learner: str, criteria: dict, day: str = "2026-11-20", **score) -> dict:
    return statement(learner, "passed", "rubric", ["complaint-handling"], stamp(day),
                     result={"score": {"raw": 50, "max": 100, **score}, "success": True,
                             "extensions": {SITE + "records/criteria": criteria, SITE + "records/classroom": True}})


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


# --- the training department's dashboard (records report --format html) --------------------------------------

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
