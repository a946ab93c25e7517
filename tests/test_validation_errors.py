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

# (file to edit, text, replacement, expected problem as "file:line: field: message" prefix)
CASES = {
    "yaml syntax": (ETIQUETTE, "title: 电话礼仪", "title: [电话礼仪", f"{ETIQUETTE}:4: invalid YAML"),
    "missing required field": (ETIQUETTE, "owner: 客服培训组\n", "", f"{ETIQUETTE}:2: owner: is required but missing"),
    "wrong type": (ETIQUETTE, "duration: 45", "duration: 四十五",
                   f"{ETIQUETTE}:6: duration: expected a whole number, found '四十五'"),
    "non-positive duration": (ETIQUETTE, "duration: 45", "duration: 0",
                              f"{ETIQUETTE}:6: duration: expected a positive whole number, found 0"),
    "unknown field": (ETIQUETTE, "summary:", "sumary:",
                      f"{ETIQUETTE}:5: sumary: unknown field; did you mean 'summary'?"),
    "unknown tier": (ETIQUETTE, "tier: foundation", "tier: advnced",
                     f"{ETIQUETTE}:4: tier: 'advnced' is not a tier (expected one of: foundation, advanced); did you mean 'advanced'?"),
    "unknown dimension": (ETIQUETTE, "  - skill: 完成", "  - skil: 完成",
                          f"{ETIQUETTE}:9: objectives[1]: 'skil' is not a dimension"),
    "unknown competency": (ETIQUETTE, "competencies: [empathy]", "competencies: [empaty]",
                           f"{ETIQUETTE}:10: competencies[0]: 'empaty' is not a competency"),
    "unknown audience": (ETIQUETTE, "audience: [new-hire]", "audience: [newhire]",
                         f"{ETIQUETTE}:11: audience[0]: 'newhire' is not a audience"),
    "unknown format": (ETIQUETTE, "formats: [micro-course]", "formats: [webinar]",
                       f"{ETIQUETTE}:12: formats[0]: 'webinar' is not a format"),
    "unknown prerequisite": (COMPLAINTS, "prerequisites: [service-etiquette, product-basics]",
                             "prerequisites: [service-etiquette, product-basic]",
                             f"{COMPLAINTS}:10: prerequisites[1]: 'product-basic' is not a course"),
    "unknown quiz": (ETIQUETTE, "quiz: etiquette-check", "quiz: etiquette-quiz",
                     f"{ETIQUETTE}:13: quiz: 'etiquette-quiz' is not a quiz bank"),
    "unknown rubric": (COMPLAINTS, "rubric: complaint-handling", "rubric: complaints",
                       f"{COMPLAINTS}:12: rubric: 'complaints' is not a rubric"),
    "exam bank as course quiz": (ETIQUETTE, "quiz: etiquette-check", "quiz: final-exam",
                                 f"{ETIQUETTE}:13: quiz: 'final-exam' is an exam bank"),
    "unknown path step": (PATH, "  - course: complaint-deescalation", "  - course: complaint",
                          f"{PATH}:14: steps[3].course: 'complaint' is not a course"),
    "step without course or milestone": (PATH, "  - course: complaint-deescalation", "  - optional: true",
                                         f"{PATH}:14: steps[3]: expected a step with either 'course' or 'milestone'"),
    "unknown handbook path": ("handbooks.yml", "path: new-hire-path", "path: new-hire",
                              "handbooks.yml:7: include[0].path: 'new-hire' is not a learning path"),
    "unknown handbook tag": ("handbooks.yml", "tag: SOP", "tag: SPO",
                             "handbooks.yml:8: include[1].tag: 'SPO' is not a tag of any course"),
    "duplicate id": (PRODUCTS, "id: product-basics", "id: service-etiquette",
                     f"{PRODUCTS}:2: id: duplicate course or path id 'service-etiquette' (already used in {ETIQUETTE}:2)"),
    "prerequisite cycle": (ETIQUETTE, "competencies: [empathy]", "competencies: [empathy]\nprerequisites: [complaint-deescalation]",
                           "prerequisite cycle: "),
    "single with two correct": (QUIZ, "      - text: 喂?\n", "      - text: 喂?\n        correct: true\n",
                                f"{QUIZ}:11: questions[0].choices: a single-choice question needs exactly one correct choice, found 2"),
    "single with none correct": (QUIZ, "        correct: true\n      - text: 喂?", "      - text: 喂?",
                                 f"{QUIZ}:11: questions[0].choices: a single-choice question needs exactly one correct choice, found 0"),
    "multiple with none correct": (QUIZ, "      - text: 问候\n        correct: true\n      - text: 工号\n        correct: true",
                                   "      - text: 问候\n      - text: 工号",
                                   f"{QUIZ}:20: questions[1].choices: a multiple-choice question needs at least one correct choice, found none"),
    "fewer than two choices": (QUIZ, "      - text: 喂?\n        feedback: 不够礼貌。\n", "",
                               f"{QUIZ}:11: questions[0].choices: expected at least 2 choices, found 1"),
    "empty accepted answers": (QUIZ, 'answers: ["24", "二十四"]', "answers: []",
                               f"{QUIZ}:33: questions[3].answers: expected at least one entry, found an empty list"),
    "draw larger than bank": (QUIZ, "draw: 5", "draw: 9", f"{QUIZ}:5: draw: draws 9 questions but the bank has only 6"),
    "rubric points": (RUBRIC, "points: 60", "points: 50",
                      f"{RUBRIC}:3: total: the criteria's points add up to 90 (40 + 50), expected 100"),
    "not a real date": (ETIQUETTE, "reviewed: 2026-10-01", "reviewed: 2026-02-30",
                        f"{ETIQUETTE}:15: reviewed: '2026-02-30' is not a real date (expected YYYY-MM-DD)"),
    "unknown question type": (QUIZ, "type: fill", "type: blank", f"{QUIZ}:31: questions[3].type: 'blank' is not a question type"),
}

# A file that cannot be read, or an id taken twice, also leaves references to it unresolved.
CASCADING = {"yaml syntax", "duplicate id"}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_error_class_is_located(content_repo, case):
    file, old, new, expected = CASES[case]
    content_repo.replace(file, old, new)
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    messages = [str(problem) for problem in raised.value.problems]
    assert any(message.startswith(expected) or expected in message for message in messages), messages
    if case not in CASCADING:
        assert len(messages) == 1, messages  # one mistake, one message


def test_cycle_names_every_course_in_order(content_repo):
    content_repo.replace(ETIQUETTE, "competencies: [empathy]", "competencies: [empathy]\nprerequisites: [complaint-deescalation]")
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    cycles = [p for p in raised.value.problems if "cycle" in p.message]
    assert len(cycles) == 1
    chain = cycles[0].message.split(": ", 1)[1].split(" → ")
    assert chain[0] == chain[-1]
    assert set(chain) == {"service-etiquette", "complaint-deescalation"}


def test_all_problems_are_reported_in_one_run(content_repo):
    for file, old, new, _ in (CASES["unknown tier"], CASES["rubric points"], CASES["draw larger than bank"],
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
