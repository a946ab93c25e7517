"""The quality loop's figures and commands: Krippendorff's alpha against the published worked examples, a small
calibration and a small QA export computed by hand, the documents `calibrate` and `qa-plan` write (read back with
poppler), and hostile exports that must give a located Chinese error and write nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest

import pdf_tools
from conftest import make_repo
from generator.errors import ProblemLog
from generator.model import load_curriculum
from generator.quality.calibration import calibrate, read_grader_scores
from generator.quality.krippendorff import alpha
from generator.quality.qa import Settings, agent_plans, read_qa_export, team_findings
from generator.quality.report_text import assignments_csv, calibration_text, findings_markdown

N = None
# Krippendorff (2011), “Computing Krippendorff's Alpha-Reliability”, example C: 4 observers, 12 units, missing values.
KRIPPENDORFF_2011 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
                     [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N]]
# The example of Wikipedia's article, which the `krippendorff` package documents (nominal .691, interval .811).
WIKIPEDIA = [[N, N, N, N, N, 3, 4, 1, 2, 1, 1, 3, 3, N, 3], [1, N, 2, 1, 3, 3, 4, 3, N, N, N, N, N, N, N],
             [N, N, 2, 1, 3, 4, 4, N, 2, 1, 1, 3, 3, N, 4]]


@pytest.mark.parametrize("coders, level, published", [
    (KRIPPENDORFF_2011, "nominal", 0.743), (KRIPPENDORFF_2011, "interval", 0.849),
    (WIKIPEDIA, "nominal", 0.691), (WIKIPEDIA, "interval", 0.811),
])
def test_alpha_matches_the_published_worked_examples(coders, level, published):
    assert round(alpha(list(zip(*coders)), level), 3) == published


def test_alpha_of_many_graders_takes_linear_time():
    # 5 criteria × 100,000 graders: a quadratic sum over pairs would not finish; the closed form takes a moment.
    units = [[(grader % 7) / 7 + criterion / 10 for grader in range(100_000)] for criterion in range(5)]
    assert 0 < alpha(units) < 1


def test_alpha_is_undefined_without_pairs_or_variation():
    assert alpha([[1, None], [None, 2]]) is None  # no unit has two values
    assert alpha([[3, 3], [3, 3]]) is None  # no variation at all: 0 / 0
    assert alpha([[1, 1], [2, 2]]) == 1.0


# --- a small content repository: the fixture, its rubric criteria naming competencies, one case ------------

CASE = """---
id: late-parcel
title: 包裹延误的来电
kind: benchmark
tier: foundation
competencies: [empathy]
rubric: complaint-handling
owner: 客服培训组
reviewed: 2026-11-01
transcript: |
  00:01 坐席：您好，请问有什么可以帮您？
  00:04 客户：我的包裹怎么还没到？
  00:09 坐席：很抱歉让您久等，我马上帮您查。
expert:
  emotion: {points: 30, lines: [3], note: 先道歉再行动。}
  solution: {points: 48, lines: [3], note: 给出了查询动作。}
---
背景。
"""


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    repo = make_repo(tmp_path_factory.mktemp("quality") / "content")
    repo.replace("curriculum/model.yml", "  - id: product\n", "  - id: follow-through\n    name: 跟进到底\n    dimension: skill\n  - id: product\n")
    repo.replace("assessments/rubrics/complaint-handling.yml", "    standard: 及时安抚\n", "    standard: 及时安抚\n    competencies: [empathy]\n")
    repo.replace("assessments/rubrics/complaint-handling.yml", "    standard: 方案合理\n", "    standard: 方案合理\n    competencies: [follow-through]\n")
    repo.write("curriculum/cases/late-parcel.md", CASE)
    return repo


@pytest.fixture(scope="module")
def curriculum(repo):
    return load_curriculum(repo.root)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


# Three graders; expert: 情绪管理 30 of 40 (75 %), 解决方案 48 of 60 (80 %); tolerance 10 %: ±4 and ±6 points.
GRADERS = "grader,emotion,solution\n甲,32,30\n乙,28,36\n丙,30,33\n"


def test_a_small_calibration_computed_by_hand(curriculum, tmp_path):
    case = curriculum.case_by_id["late-parcel"]
    log = ProblemLog()
    graders = read_grader_scores(write(tmp_path, "g.csv", GRADERS), "g.csv", case,
                                 curriculum.rubric_by_id["complaint-handling"], log)
    assert not log.problems
    result = calibrate(curriculum, case, graders)
    emotion, solution = result.criteria
    # 情绪管理: +2, −2, 0, all within ±4; one exact; spread 32 − 28 = 4; mean |deviation| 4/3.
    assert emotion.deviations == {"甲": 2, "乙": -2, "丙": 0} and emotion.tolerance == 4
    assert (emotion.within, emotion.exact, emotion.spread, emotion.mean_deviation) == (1, Fraction(1, 3), 4, Fraction(4, 3))
    # 解决方案: −18, −12, −15, none within ±6; spread 6; mean |deviation| 15, a quarter of its 60 points.
    assert solution.deviations == {"甲": -18, "乙": -12, "丙": -15}
    assert (solution.within, solution.exact, solution.spread, solution.mean_deviation) == (0, 0, 6, 15)
    assert result.discuss_first is solution  # 15/60 > (4/3)/40
    assert (result.within, result.exact) == (Fraction(1, 2), Fraction(1, 6))
    # Alpha on the shares of points: units (.80, .70, .75) and (.50, .60, .55). Observed disagreement: each unit's
    # ordered pairs (.01 + .0025 + .0025) × 2 / (3 − 1) = .015, twice, over 6 values = .005. Expected: the six values'
    # mean is .65, squared deviations add to .07, all ordered pairs 2 × 6 × .07 = .84, over 6 × 5 = .028.
    # alpha = 1 − .005 / .028 = 23/28: the graders agree with each other even where they all miss the expert.
    assert result.alpha == pytest.approx(23 / 28)
    table = calibration_text(result)
    assert "先讨论：解决方案（与专家平均相差 15 分，占该项满分的 25%）" in table
    assert "总体：50% 的评分在容差内，16.7% 与专家完全一致" in table and "= 0.821，不低于 0.800" in table
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines() if line.startswith(("情绪管理", "解决方案"))}
    assert rows["情绪管理"] == ["40", "30", "+2", "−2", "0", "4", "100%", "33.3%"]
    assert rows["解决方案"] == ["60", "48", "−18", "−12", "−15", "6", "0%", "0%"]


# A1: 3 calls; A2: 2 calls (too few for a verdict); A3: 3 calls, satisfaction 70 on average (coaching).
EXPORT = """agent,call,date,rubric,satisfaction,emotion,solution
A1,c1,2026-11-02,complaint-handling,90,40,30
A1,c2,2026-11-03,complaint-handling,70,30,54
A1,c3,2026-11-04,complaint-handling,,20,42
A2,c4,2026-11-05,complaint-handling,85,36,60
A2,c5,2026-11-06,complaint-handling,95,,48
A3,c6,2026-11-07,complaint-handling,60,34,57
A3,c7,2026-11-08,complaint-handling,70,38,51
A3,c8,2026-11-09,complaint-handling,80,28,45
"""
PREVIOUS = """agent,call,date,rubric,satisfaction,emotion,solution
A1,b1,2026-10-02,complaint-handling,90,40,60
A2,b2,2026-10-03,complaint-handling,80,20,30
"""
SETTINGS = Settings(today=dt.date(2026, 12, 1), common_share=40)


@pytest.fixture(scope="module")
def qa(curriculum, tmp_path_factory):
    folder = tmp_path_factory.mktemp("exports")
    log = ProblemLog()
    current = read_qa_export(write(folder, "now.csv", EXPORT), "now.csv", curriculum, log)
    previous = read_qa_export(write(folder, "before.csv", PREVIOUS), "before.csv", curriculum, log)
    assert not log.problems and current and previous
    plans = agent_plans(curriculum, current, SETTINGS)
    return plans, team_findings(curriculum, current, plans, SETTINGS, previous)


def test_team_figures_computed_by_hand(qa):
    _, findings = qa
    emotion, solution = findings.criteria
    # 情绪管理, 7 calls scored (c5 left it empty): shares 1, .75, .5, .9, .85, .95, .7 → 5.65 / 7; below 32 points:
    # c2, c3, c8 → 3 / 7.
    assert (emotion.calls, emotion.mean_share, emotion.below_share) == (7, Fraction(565, 700), Fraction(3, 7))
    # 解决方案, 8 calls: shares .5, .9, .7, 1, .8, .95, .85, .75 → 6.45 / 8; below 48 points: c1, c3, c8 → 3 / 8.
    assert (solution.calls, solution.mean_share, solution.below_share) == (8, Fraction(645, 800), Fraction(3, 8))
    # A 共性问题 from 40 % of calls below the pass mark (--common-share 40): 3/7 is one, 3/8 is not.
    assert (emotion.common, solution.common) == (True, False)
    # Against the previous export (情绪管理 40 and 20: mean .75, half below; 解决方案 60 and 30: mean .75, half below).
    assert emotion.mean_share - emotion.previous.mean_share == Fraction(565, 700) - Fraction(3, 4)
    assert solution.below_share - solution.previous.below_share == Fraction(3, 8) - Fraction(1, 2)
    # The course mapping: 情绪管理 assesses empathy, which two courses, a scenario, the case and a bank train;
    # 解决方案 assesses follow-through, which nothing trains: a course to develop.
    assert [c.id for c in emotion.training.courses] == ["service-etiquette", "complaint-deescalation"]
    assert [s.id for s in emotion.training.scenarios] == ["late-delivery"]
    assert [c.id for c in emotion.training.cases] == ["late-parcel"]
    assert [b.id for b in emotion.training.self_checks] == ["deescalation-check", "etiquette-check"]  # 2 questions, 1
    assert solution.training.empty and findings.to_develop == [solution]
    assert (findings.calls, findings.agents, findings.too_few, findings.coaching) == (8, 3, 1, 1)
    assert (findings.first, findings.last) == (dt.date(2026, 11, 2), dt.date(2026, 11, 9))


def test_each_agents_plan_computed_by_hand(qa):
    plans, _ = qa
    a1, a2, a3 = plans
    # A1: 解决方案 (.5 + .9 + .7) / 3 = 70 %, 情绪管理 (1 + .75 + .5) / 3 = 75 %: both below 80 %, weakest first.
    assert [(w.criterion.id, w.mean_share, w.below_calls) for w in a1.weak] == [
        ("solution", Fraction(7, 10), ["c1", "c3"]), ("emotion", Fraction(3, 4), ["c2", "c3"])]
    assert a1.satisfaction == 80 and not a1.coaching  # (90 + 70) / 2 = 80, not below 80 (c3 has none)
    due = dt.date(2026, 12, 15)
    assert [(a.activity, a.due, a.criterion) for a in a1.activities] == [
        ("course/service-etiquette", due, "情绪管理"), ("course/complaint-deescalation", due, "情绪管理"),
        ("scenario/late-delivery", due, "情绪管理"), ("case/late-parcel", due, "情绪管理")]
    # A2: two calls, fewer than 3: no per-criterion verdict and nothing assigned; (85 + 95) / 2 = 90.
    assert (a2.enough, a2.weak, a2.satisfaction, a2.coaching) == (False, [], 90, False)
    # A3: 情绪管理 (.85 + .95 + .7) / 3, 解决方案 (.95 + .85 + .75) / 3: both pass; (60 + 70 + 80) / 3 = 70: coaching.
    assert (a3.enough, a3.weak, a3.satisfaction, a3.coaching) == (True, [], 70, True)


def test_findings_markdown_is_aggregate_and_assignments_never_run_as_formulas(qa, curriculum):
    plans, findings = qa
    markdown = findings_markdown(findings, SETTINGS, {c.id: c.name for c in curriculum.model.competencies})
    assert "| 情绪管理 | complaint-handling | 7 | 80.7% | 42.9% | +5.71 个百分点 | −7.14 个百分点 | 共性问题 |" in markdown
    assert "- 解决方案（complaint-handling）" in markdown and "1 名坐席的评分通话少于 3 通" in markdown
    assert not any(agent in markdown for agent in ("A1", "A2", "A3", "c1"))  # no agent, no call: fit for a pull request
    rows = list(csv.reader(io.StringIO(assignments_csv(plans))))
    assert rows[0] == ["agent", "activity", "due", "kind", "title", "criterion"]
    assert rows[1] == ["A1", "course/service-etiquette", "2026-12-15", "course", "电话礼仪", "情绪管理"]
    assert len(rows) == 5  # A1's four activities; A2 has no verdict, A3 no weak criterion
    plans[0].agent = "=HYPERLINK(\"http://x\")"
    assert list(csv.reader(io.StringIO(assignments_csv(plans))))[1][0] == "'=HYPERLINK(\"http://x\")"


# --- the commands, end to end: documents read back, bad input refused ----------------------------------


def run(repo, *args: str) -> subprocess.CompletedProcess:
    return repo.run(*args)


def test_qa_plan_writes_findings_plans_and_assignments(repo, tmp_path):
    scores, previous = write(tmp_path, "now.csv", EXPORT), write(tmp_path, "before.csv", PREVIOUS)
    out = tmp_path / "out"
    result = run(repo, "qa-plan", "--scores", str(scores), "--previous", str(previous), "--out", str(out),
                 "--today", "2026-12-01", "--common-share", "40")
    assert result.returncode == 0, result.stderr
    assert "质检数据：8 通电话、3 名坐席（2026-11-02 至 2026-11-09）；共性问题 1 项" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["assignments.csv", "findings.md", "findings.pdf", "plans.pdf"]
    pages = pdf_tools.pages(out / "plans.pdf")
    assert len(pages) == 3  # a page each
    assert "坐席 A1" in pages[0]
    flat = [page.replace("\n", "") for page in pages]
    assert "需要改进的评分项" in flat[0] and "c1、c3" in flat[0] and "2026-12-15" in flat[0] and "坐席签名" in flat[0]
    assert "本期只有 2 通评分通话，少于 3 通，不做单项结论" in flat[1]
    assert "一对一辅导：平均满意度 70 分，低于 80 分" in flat[2] and "主管签名" in flat[2]
    outline = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", str(out / "plans.pdf")], capture_output=True,
                             text=True, check=True).stdout
    bookmarks = [line.split(">")[1].split("<")[0].replace("\u2009", " ") for line in outline.splitlines() if "<item" in line]
    assert bookmarks == ["坐席 A1", "坐席 A2", "坐席 A3"]  # one per agent, nothing else (the gap is a thin space)
    findings = pdf_tools.text(out / "findings.pdf").replace("\n", "")
    assert "质检共性问题报告" in findings and "待开发的课程" in findings and "跟进到底" in findings
    for number in range(1, len(pages) + 1):
        assert pdf_tools.ink(out / "plans.pdf", number, tmp_path) > 0.01


def test_calibrate_prints_the_table_and_writes_the_report(repo, tmp_path):
    out = tmp_path / "out"
    result = run(repo, "calibrate", "--case", "late-parcel", "--scores", str(write(tmp_path, "g.csv", GRADERS)),
                 "--out", str(out), "--today", "2026-12-01")
    assert result.returncode == 0, result.stderr
    assert "先讨论：解决方案" in result.stdout and f"已写入 {out / 'calibration.pdf'}" in result.stdout
    text = pdf_tools.text(out / "calibration.pdf").replace("\n", "")
    assert "校准报告：包裹延误的来电" in text and "先讨论：解决方案" in text and "0.821" in text
    assert "专家对“解决方案”的依据" in text and "很抱歉让您久等，我马上帮您查。" in text


HOSTILE_QA = [
    ("unknown rubric", EXPORT.replace("A1,c1,2026-11-02,complaint-handling", "A1,c1,2026-11-02,complaint"),
     "now.csv:2: rubric: “complaint”不是已定义的评分表"),
    ("unknown criterion column", EXPORT.replace("emotion,solution\n", "emotion,solutoin\n", 1),
     "now.csv:1: solutoin: “solutoin”不是任何评分表的评分项；是不是“solution”？"),
    ("points out of range", EXPORT.replace(",40,30\n", ",41,30\n"), "now.csv:2: emotion: 应为 0 到 40 之间的分数"),
    ("huge number", EXPORT.replace(",40,30\n", ",1e999,30\n"), "now.csv:2: emotion: 应为 0 到 40 之间的分数"),
    ("not a number", EXPORT.replace(",40,30\n", ",nan,30\n"), "now.csv:2: emotion: 应为 0 到 40 之间的分数"),
    ("text for points", EXPORT.replace(",40,30\n", ",四十,30\n"), "now.csv:2: emotion: 应为分数（数字）"),
    ("phone number as the call id", EXPORT.replace("A1,c1,", "A1,138 0013 8000,"), "now.csv:2: call: 这一列含有电话号码（138******00）"),
    ("ID number column", EXPORT.replace("satisfaction,", "身份证,satisfaction,").replace("complaint-handling,", "complaint-handling,11010519491231002X,"),
     "now.csv:1: 身份证: 列名“身份证”像是电话、证件号等个人信息"),
    ("duplicate row", EXPORT + "A3,c8,2026-11-09,complaint-handling,80,28,45\n", "now.csv:10: 与第 9 行完全相同"),
    ("duplicate call", EXPORT + "A3,c8,2026-11-10,complaint-handling,80,28,46\n", "now.csv:10: call: 通话编号“c8”已在第 9 行出现"),
    ("malformed CSV", EXPORT + 'A3,"c9,2026-11-10\n', "now.csv:10: 不是有效的 CSV"),
    ("huge field", EXPORT + "A3,c9,2026-11-10,complaint-handling,80," + "9" * 5000 + ",1\n", "now.csv:10: 有单元格超过 1000 个字符"),
    ("impossible date", EXPORT.replace("2026-11-02", "2026-02-30"), "now.csv:2: date: “2026-02-30”不是真实的日期"),
    ("wrong width", EXPORT + "A3,c9,2026-11-10\n", "now.csv:10: 这一行有 3 列，应为 7 列"),
]


@pytest.mark.parametrize("name, content, expected", HOSTILE_QA, ids=[case[0] for case in HOSTILE_QA])
def test_a_bad_export_is_a_located_chinese_error_and_writes_nothing(curriculum, tmp_path, name, content, expected):
    log = ProblemLog()
    read_qa_export(write(tmp_path, "now.csv", content), "now.csv", curriculum, log)
    assert any(str(problem).startswith(expected) for problem in log.problems), [str(p) for p in log.problems]


def test_encodings_and_byte_order_marks(curriculum, tmp_path):
    log = ProblemLog()
    export = read_qa_export(write(tmp_path, "bom.csv", "\ufeff" + EXPORT), "bom.csv", curriculum, log)
    assert not log.problems and export is not None and len(export.calls) == 8  # Excel's CSV UTF-8 reads as it is
    read_qa_export(write(tmp_path, "gbk.csv", EXPORT.replace("A1,", "坐席甲,").encode("gbk")), "gbk.csv", curriculum, log)
    assert [str(p) for p in log.problems] == [
        "gbk.csv:2: 不是 UTF-8 编码的文本（看起来是 GBK 编码：请在编辑器中另存为 UTF-8，或运行 iconv -f GBK -t UTF-8）；请另存为 UTF-8 [F112]"]


def test_the_commands_refuse_bad_input_and_unsafe_places_and_write_nothing(repo, tmp_path):
    out = tmp_path / "out"
    bad = run(repo, "qa-plan", "--scores", str(write(tmp_path, "now.csv", EXPORT.replace(",40,30\n", ",41,30\n"))),
              "--out", str(out))
    assert bad.returncode == 1 and "now.csv:2: emotion: 应为 0 到 40 之间的分数" in bad.stdout
    assert "发现 1 个问题；没有写入任何文件。" in bad.stderr and not out.exists()
    graders = run(repo, "calibrate", "--case", "late-parcel", "--scores",
                  str(write(tmp_path, "g.csv", GRADERS + "甲,31,31\n丁,30\n")), "--out", str(out))
    assert graders.returncode == 1 and not out.exists()
    assert "g.csv:5: grader: 评分人“甲”已在第 2 行出现" in graders.stdout and "g.csv:6: 这一行有 2 列，应为 3 列" in graders.stdout
    unknown = run(repo, "calibrate", "--case", "nope", "--scores", str(tmp_path / "g.csv"), "--out", str(out))
    assert unknown.returncode == 1 and "没有 id 为“nope”的案例（已有：late-parcel）" in unknown.stderr
    repo.write("curriculum/qa.csv", EXPORT)  # would be published with the portal
    published = run(repo, "qa-plan", "--scores", str(repo.path("curriculum/qa.csv")), "--out", str(out))
    assert published.returncode == 1 and "那里的文件会被发布到门户" in published.stdout and not out.exists()
    repo.path("curriculum/qa.csv").unlink()
    inside = run(repo, "qa-plan", "--scores", str(write(tmp_path, "now.csv", EXPORT)), "--out", str(repo.path("reports")))
    assert inside.returncode == 1 and "trainer-pack" in inside.stderr and not repo.path("reports").exists()
    date = run(repo, "qa-plan", "--scores", str(tmp_path / "now.csv"), "--out", str(out), "--today", "2026-13-01")
    assert date.returncode == 2 and "应为 YYYY-MM-DD 格式的日期，实际是“2026-13-01”" in date.stderr
    assert "Traceback" not in "".join(r.stderr for r in (bad, graders, unknown, published, inside, date))


def test_control_and_invisible_characters_never_reach_the_terminal(curriculum, tmp_path):
    log = ProblemLog()
    read_qa_export(write(tmp_path, "esc.csv", EXPORT.replace("A1,c1,", "A1,\x1b[2Jc1,")), "esc.csv", curriculum, log)
    assert [str(p) for p in log.problems] == [
        "esc.csv:2: 第 2 列含有控制字符（例如 NUL 或终端转义序列）；请检查导出设置后重新导出 [L1537]"]
    log = ProblemLog()
    read_qa_export(write(tmp_path, "rlo.csv", EXPORT.replace("A1,c1,", "A\u202e1,c1,")), "rlo.csv", curriculum, log)
    assert [p.code for p in log.problems] == ["L1543"]
