"""One broken content repository per class of error: the message names file, line and field."""

from __future__ import annotations

import pytest

from generator.errors import ContentError
from generator.model import load_curriculum

ETIQUETTE = "curriculum/courses/basic/etiquette.md"
PRODUCTS = "curriculum/courses/basic/products.md"
COMPLAINTS = "curriculum/courses/basic/complaints.md"
PATH = "curriculum/paths/new-hire.md"
QUIZ = "assessments/quizzes/etiquette-check.yml"
RUBRIC = "assessments/rubrics/complaint-handling.yml"

# (file to edit, text, replacement, expected location "file:line: field", message code, a part of the message)
CASES = {
    "yaml syntax": (ETIQUETTE, "title: 电话礼仪", "title: [电话礼仪", f"{ETIQUETTE}:4", "Y201", "YAML 语法错误"),
    "missing required field": (ETIQUETTE, "owner: 客服培训组\n", "", f"{ETIQUETTE}:2: owner", "V317", "必填字段缺失"),
    "wrong type": (ETIQUETTE, "duration: 45", "duration: 四十五", f"{ETIQUETTE}:6: duration", "V304",
                   "应为整数，实际是“四十五”"),
    "non-positive duration": (ETIQUETTE, "duration: 45", "duration: 0", f"{ETIQUETTE}:6: duration", "V305",
                              "应为正整数，实际是 0"),
    "review cycle beyond ten years": (ETIQUETTE, "owner: 客服培训组\n", "owner: 客服培训组\nreview_every: 2912273\n",
                                      f"{ETIQUETTE}:15: review_every", "V325", "应为不大于 3650 的整数，实际是 2912273"),
    "a duration of 400 digits": (ETIQUETTE, "duration: 45", "duration: 1" + "0" * 400, f"{ETIQUETTE}:6: duration", "V325",
                                 "应为不大于 1000000 的整数，实际是 100000000000…（401 位）"),
    "a huge version": (ETIQUETTE, "version: 2", "version: 99999999999", f"{ETIQUETTE}:16: version", "V325",
                       "应为不大于 1000000 的整数"),
    "huge question points": (QUIZ, "type: fill", "type: fill\n    points: 10000000", f"{QUIZ}:", "V325", "不大于 1000000"),
    "huge rubric points": (RUBRIC, "points: 40", "points: 400000000000", f"{RUBRIC}:", "V325", "不大于 1000000"),
    "unknown field": (ETIQUETTE, "summary:", "sumary:", f"{ETIQUETTE}:5: sumary", "V316", "未知字段；是不是“summary”？"),
    "unknown tier": (ETIQUETTE, "tier: foundation", "tier: advnced", f"{ETIQUETTE}:4: tier", "R401",
                     "“advnced”不是已定义的层级（可用：foundation、advanced）；是不是“advanced”？"),
    "unknown dimension": (ETIQUETTE, "  - skill: 完成", "  - skil: 完成", f"{ETIQUETTE}:9: objectives[1]", "R401",
                          "“skil”不是已定义的能力维度"),
    "unknown competency": (ETIQUETTE, "competencies: [empathy]", "competencies: [empaty]",
                           f"{ETIQUETTE}:10: competencies[0]", "R401", "“empaty”不是已定义的胜任力"),
    "unknown audience": (ETIQUETTE, "audience: [new-hire]", "audience: [newhire]", f"{ETIQUETTE}:11: audience[0]",
                         "R401", "“newhire”不是已定义的受众"),
    "unknown format": (ETIQUETTE, "formats: [micro-course]", "formats: [webinar]", f"{ETIQUETTE}:12: formats[0]",
                       "R401", "“webinar”不是已定义的授课形式"),
    "unknown prerequisite": (COMPLAINTS, "prerequisites: [service-etiquette, product-basics]",
                             "prerequisites: [service-etiquette, product-basic]", f"{COMPLAINTS}:10: prerequisites[1]",
                             "R401", "“product-basic”不是已定义的课程"),
    "unknown quiz": (ETIQUETTE, "quiz: etiquette-check", "quiz: etiquette-quiz", f"{ETIQUETTE}:13: quiz", "R401",
                     "“etiquette-quiz”不是已定义的题库"),
    "unknown rubric": (COMPLAINTS, "rubric: complaint-handling", "rubric: complaints", f"{COMPLAINTS}:12: rubric",
                       "R401", "“complaints”不是已定义的评分表"),
    "exam bank as course quiz": (ETIQUETTE, "quiz: etiquette-check", "quiz: final-exam", f"{ETIQUETTE}:13: quiz",
                                 "R405", "“final-exam”是考试题库"),
    "unknown path step": (PATH, "  - course: complaint-deescalation", "  - course: complaint",
                          f"{PATH}:14: steps[3].course", "R401", "“complaint”不是已定义的课程"),
    "step without course or milestone": (PATH, "  - course: complaint-deescalation", "  - optional: true",
                                         f"{PATH}:14: steps[3]", "V320", "一个步骤应当只写 course、milestone 或 scenario 中的一个"),
    "unknown handbook path": ("handbooks.yml", "path: new-hire-path", "path: new-hire", "handbooks.yml:7: include[0].path",
                              "R401", "“new-hire”不是已定义的学习路径"),
    "unknown handbook tag": ("handbooks.yml", "tag: SOP", "tag: SPO", "handbooks.yml:8: include[1].tag", "R401",
                             "“SPO”不是已定义的课程标签"),
    "duplicate id": (PRODUCTS, "id: product-basics", "id: service-etiquette", f"{PRODUCTS}:2: id", "R402",
                     f"课程或路径 id“service-etiquette”重复（已在 {ETIQUETTE}:2 使用）"),
    "prerequisite cycle": (ETIQUETTE, "competencies: [empathy]", "competencies: [empathy]\nprerequisites: [complaint-deescalation]",
                           "", "R406", "先修关系形成循环："),
    "single with two correct": (QUIZ, "      - text: 喂?\n", "      - text: 喂?\n        correct: true\n",
                                f"{QUIZ}:11: questions[0].choices", "Q503", "单选题必须恰好有一个正确选项，实际有 2 个"),
    "single with none correct": (QUIZ, "        correct: true\n      - text: 喂?", "      - text: 喂?",
                                 f"{QUIZ}:11: questions[0].choices", "Q503", "实际有 0 个"),
    "multiple with none correct": (QUIZ, "      - text: 问候\n        correct: true\n      - text: 工号\n        correct: true",
                                   "      - text: 问候\n      - text: 工号", f"{QUIZ}:20: questions[1].choices", "Q504",
                                   "多选题至少需要一个正确选项"),
    "fewer than two choices": (QUIZ, "      - text: 喂?\n        feedback: 不够礼貌。\n", "",
                               f"{QUIZ}:11: questions[0].choices", "Q502", "至少需要 2 个选项，实际有 1 个"),
    "empty accepted answers": (QUIZ, 'answers: ["24", "二十四"]', "answers: []", f"{QUIZ}:33: questions[3].answers",
                               "V314", "至少要有一项"),
    "draw larger than bank": (QUIZ, "draw: 5", "draw: 9", f"{QUIZ}:5: draw", "Q508", "每次抽 9 题，但题库只有 6 题"),
    "rubric points": (RUBRIC, "points: 40", "points: 50", f"{RUBRIC}:3: total", "Q509",
                      "各评分项分值之和是 110（50 + 60），应为 100"),
    "not a real date": (ETIQUETTE, "reviewed: 2026-10-01", "reviewed: 2026-02-30", f"{ETIQUETTE}:15: reviewed", "V310",
                        "“2026-02-30”不是真实的日期"),
    "unknown question type": (QUIZ, "type: fill", "type: blank", f"{QUIZ}:31: questions[3].type", "Q501",
                              "“blank”不是题型"),
}

# A file that cannot be read, or an id taken twice, also leaves references to it unresolved.
CASCADING = {"yaml syntax", "duplicate id", "huge rubric points"}


def located_messages(repo, case: tuple) -> list[str]:
    """Apply one broken-content case; the messages the load raises, one of them at the case's place."""
    file, old, new, location, code, fragment = case
    repo.replace(file, old, new)
    with pytest.raises(ContentError) as raised:
        load_curriculum(repo.root)
    messages = [str(problem) for problem in raised.value.problems]
    assert any(message.startswith(location) and f"[{code}]" in message and fragment in message
               for message in messages), messages
    return messages


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_error_class_is_located(content_repo, case):
    messages = located_messages(content_repo, CASES[case])
    if case not in CASCADING:
        assert len(messages) == 1, messages  # one mistake, one message


def test_cycle_names_every_course_in_order(content_repo):
    content_repo.replace(ETIQUETTE, "competencies: [empathy]", "competencies: [empathy]\nprerequisites: [complaint-deescalation]")
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    cycles = [p for p in raised.value.problems if p.code == "R406"]
    assert len(cycles) == 1
    chain = cycles[0].message.split("：", 1)[1].split(" → ")
    assert chain[0] == chain[-1]
    assert set(chain) == {"service-etiquette", "complaint-deescalation"}


def test_all_problems_are_reported_in_one_run(content_repo):
    for file, old, new, *_ in (CASES["unknown tier"], CASES["rubric points"], CASES["draw larger than bank"],
                              CASES["unknown path step"], CASES["not a real date"]):
        content_repo.replace(file, old, new)
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    files = {problem.file for problem in raised.value.problems}
    assert files == {ETIQUETTE, RUBRIC, QUIZ, PATH}
    assert len(raised.value.problems) == 5


def test_valid_fixture_has_no_problems(content_repo):
    curriculum = load_curriculum(content_repo.root)
    assert [c.id for c in curriculum.courses] == ["complaint-deescalation", "service-etiquette", "product-basics"]


# --- line endings, control characters, libyaml's words ---------------------------------------------------


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"], ids=["CRLF", "CR"])
def test_files_saved_with_other_line_endings_read_alike(content_repo, ending):
    """A course and a bank saved on Windows (CRLF) or an old Mac (CR) load, and a mistake in them is on its line."""
    for file in (ETIQUETTE, QUIZ):
        path = content_repo.path(file)
        path.write_bytes(path.read_bytes().replace(b"\n", ending))
    assert "service-etiquette" in load_curriculum(content_repo.root).course_by_id
    path = content_repo.path(ETIQUETTE)
    path.write_bytes(path.read_bytes().replace(b"duration: 45", b"duration: 0"))
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    assert [str(p).split(": 应为")[0] for p in raised.value.problems] == [f"{ETIQUETTE}:6: duration"]


@pytest.mark.parametrize("character, name", [("\f", "U+000C（换页符）"), ("\x07", "U+0007（控制字符）"),
                                             ("\x0b", "U+000B（垂直制表符）")])
@pytest.mark.parametrize("file, anchor, line", [(ETIQUETTE, "owner: 客服培训组", 14), (QUIZ, "pass_score: 80", 4)])
def test_a_control_character_is_named_on_its_line(content_repo, character, name, file, anchor, line):
    content_repo.replace(file, anchor, f"{anchor} {character}")
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    assert f"{file}:{line}: 这一行有 YAML 不允许的字符 {name}；请删除它" in "\n".join(str(p) for p in raised.value.problems)


# One mistake of each kind libyaml reports, as a trainer might make it.
YAML_MISTAKES = {
    "tab indent": ("pass_score: 80", "pass_score: 80\n\tdraw: 2"),
    "at sign": ("pass_score: 80", "pass_score: 80\nnote: @客服"),
    "backtick": ("pass_score: 80", "pass_score: 80\nnote: `x`"),
    "unclosed list": ("pass_score: 80", "pass_score: 80\nnote: [a, b"),
    "unclosed mapping": ("pass_score: 80", "pass_score: 80\nnote: {a: 1"),
    "colon in value": ("pass_score: 80", "pass_score: 80\nnote: 时间: 9 点"),
    "bad escape": ("pass_score: 80", 'pass_score: 80\nnote: "a\\qb"'),
    "unclosed quote": ("pass_score: 80", 'pass_score: 80\nnote: "abc'),
    "tag": ("pass_score: 80", "pass_score: 80\nnote: !!python/object x"),
    "second document": ("pass_score: 80", "pass_score: 80\n---\nnote: x"),
    "directive": ("pass_score: 80", "pass_score: 80\n%YAML 1.2\nnote: x"),
    "bad indentation": ("pass_score: 80", "pass_score: 80\n  draw: 2"),
    "list item out of place": ("pass_score: 80", "pass_score: 80\n- x"),
    "block scalar indicator": ("pass_score: 80", "pass_score: 80\nnote: |0\n  x"),
    "anchor": ("pass_score: 80", "pass_score: 80\nnote: &"),
}


@pytest.mark.parametrize("mistake", YAML_MISTAKES, ids=list(YAML_MISTAKES))
def test_yaml_mistakes_are_explained_in_chinese_only(content_repo, mistake):
    import re

    old, new = YAML_MISTAKES[mistake]
    content_repo.replace(QUIZ, old, new)
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    message = next(p.message for p in raised.value.problems if p.file == QUIZ)
    assert not re.search(r"[A-Za-z]{3,}", message.replace("YAML", "").replace("Tab", "")), message


@pytest.mark.parametrize("value", ["!!timestamp 2026-13-45", "!!timestamp x", "!!bool maybe", "!!int x", "!!float x"])
def test_a_value_an_explicit_tag_cannot_make_is_located(content_repo, value):
    """PyYAML's constructors raise ValueError, AttributeError or KeyError on these (found by the fuzz test)."""
    content_repo.replace(QUIZ, "pass_score: 80", f"pass_score: 80\nnote: {value}")
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    assert any(str(p).startswith(f"{QUIZ}:5: 这一行的值无法读取") and p.code == "Y204" for p in raised.value.problems)
