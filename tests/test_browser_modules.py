"""The browser code's pure functions, called directly in Chromium: scoring, drawing, progress state and
merging, with the question-type table the build embeds. No portal page is involved."""

from __future__ import annotations

import json

import pytest

from conftest import MODULES_ORIGIN, open_browser_modules
from generator import browser as browser_code
from generator.model.question_types import QUESTION_TYPES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def js(browser):
    context = browser.new_context()
    page = open_browser_modules(context, ("question-types", "dom", "store", "draw", "scoring", "scenarioscore", "xapi",
                                          "recall"))
    yield lambda expression, *args: page.evaluate(expression, *args)
    context.close()


CHOICES = [{"html": "A", "correct": True, "feedback": ""}, {"html": "B", "correct": True, "feedback": ""},
           {"html": "C", "correct": False, "feedback": "不对"}]
QUESTIONS = {
    "single": {"type": "single", "points": 2, "choices": [CHOICES[0], CHOICES[2]]},
    "multiple": {"type": "multiple", "points": 4, "choices": CHOICES},
    "true-false": {"type": "true-false", "points": 1, "answer": False},
    "fill": {"type": "fill", "points": 1, "answers": ["24", "二十四"]},
    "order": {"type": "order", "points": 3, "items": ["a", "b", "c"]},
    "match": {"type": "match", "points": 2, "left": ["x", "y"], "right": ["1", "2"]},
}
# (type, response, partial credit, expected ratio, answered)
CASES = [
    ("single", [0], False, 1, True), ("single", [1], False, 0, True), ("single", [], False, 0, False),
    ("multiple", [0, 1], False, 1, True), ("multiple", [0], False, 0, True), ("multiple", [0], True, 0.5, True),
    ("multiple", [0, 2], True, 0, True), ("multiple", [0, 1, 2], True, 0.5, True),
    ("true-false", False, False, 1, True), ("true-false", True, False, 0, True), ("true-false", None, False, 0, False),
    ("fill", " ２４ ", False, 1, True), ("fill", "二十四", False, 1, True), ("fill", "", False, 0, False),
    ("order", [0, 1, 2], False, 1, True), ("order", [1, 0, 2], False, 0, True), ("order", [1, 0, 2], True, 1 / 3, True),
    ("order", None, True, 0, False),  # never rearranged: unanswered
    ("match", [0, 1], False, 1, True), ("match", [0, None], True, 0.5, True), ("match", [None, None], False, 0, False),
    ("single", [1], True, 0, True),  # single choice never earns partial credit, whatever the bank says
]


@pytest.mark.parametrize("kind, response, partial, ratio, answered", CASES)
def test_scoring_follows_the_question_type_table(js, kind, response, partial, ratio, answered):
    result = js("([q, r, p]) => score(q, r, p)", [QUESTIONS[kind], response, partial])
    assert result["ratio"] == pytest.approx(ratio) and result["answered"] is answered
    assert result["earned"] == pytest.approx(QUESTIONS[kind]["points"] * ratio)


def test_the_embedded_table_is_the_python_table(js):
    table = js("() => QUESTION_TYPES")
    assert set(table) == set(QUESTION_TYPES)
    for type_id, kind in QUESTION_TYPES.items():
        assert table[type_id] == {"label": kind.label, "answer": kind.answer, "partial_credit": kind.partial_credit,
                                  "never_written_order": kind.never_written_order, "interaction": kind.interaction}


def test_feedback_verdicts_and_totals(js):
    result = js("([q]) => score(q, [2], false)", [QUESTIONS["multiple"]])
    assert result["feedback"] == ["不对"]
    assert js("() => verdict({answered: false, ratio: 0, earned: 0}, 3)") == ["wrong", "未作答（0 / 3 分）"]
    assert js("() => verdict({answered: true, ratio: 0.5, earned: 1.5}, 3)") == ["partial", "部分正确（1.5 / 3 分）"]
    rows = [{"question": {"points": 3, "competency": "a"}, "result": {"earned": 3}},
            {"question": {"points": 1, "competency": None}, "result": {"earned": 0}}]
    assert js("(rows) => total(rows, 75)", rows) == {"earned": 3, "points": 4, "percent": 75, "passed": True}
    assert js("(rows) => total(rows, 80)", rows)["passed"] is False
    assert js("(rows) => byCompetency(rows)", rows) == [{"key": "a", "earned": 3, "points": 3},
                                                         {"key": "", "earned": 0, "points": 1}]


def test_order_and_match_are_never_shown_in_written_order(js):
    quiz = {"draw": None, "shuffle": False, "questions": [QUESTIONS["order"], QUESTIONS["match"], QUESTIONS["single"]]}
    displays = js("""(quiz) => { const out = [];
        for (let seed = 0; seed < 300; seed++) out.push(drawQuestions(quiz, random(seed)).map(i => i.display));
        return out; }""", quiz)
    for order, match, single in displays:
        assert order != [0, 1, 2] and match != [0, 1]
        assert single == [0, 1]  # without shuffle, choices stay as written
    assert len({json.dumps(d[0]) for d in displays}) == 5  # every other order of three occurs


def test_draw_takes_the_number_asked_and_is_repeatable(js):
    quiz = {"draw": 2, "shuffle": False, "questions": [QUESTIONS[k] for k in QUESTIONS]}
    first = js("(quiz) => drawQuestions(quiz, random(7)).map(i => i.question.type)", quiz)
    again = js("(quiz) => drawQuestions(quiz, random(7)).map(i => i.question.type)", quiz)
    assert first == again and len(first) == 2
    kinds = list(QUESTIONS)
    assert kinds.index(first[0]) < kinds.index(first[1])  # without shuffle, drawn questions keep written order


def test_progress_states_and_merging(js):
    state = js("""() => {
        const data = {courses: {}, quizzes: {}};
        courseRecord(data, "a", 1).completed = "2026-11-01";
        recordQuiz(data, "q", 90, true);
        const path = {steps: [{course: "a", version: 2}, {milestone: "m", quiz: "q"}, {course: "b", version: 1, optional: true},
                              {course: "c", version: 1}]};
        return [courseState(data, "a", 1), courseState(data, "a", 2), pathState(data, path)];
    }""")
    assert state[0] == "done" and state[1] == "updated"
    assert state[2]["states"] == ["updated", "passed", "new", "new"]
    assert state[2]["percent"] == 33 and state[2]["next"]["course"] == "a"
    merged = js("""() => {
        const mine = {courses: {a: {version: 1, visited: "2026-10-01"}}, quizzes: {q: {best: 50, passed: false, attempts: 2, last: "2026-10-02"}}};
        merge(mine, {courses: {a: {version: 1, completed: "2026-10-05"}, b: "junk"}, quizzes: {q: {best: 80, passed: true, attempts: 1, last: "2026-10-09"}}});
        return mine; }""")
    assert merged["courses"] == {"a": {"version": 1, "completed": "2026-10-05"}}
    assert merged["quizzes"]["q"] == {"best": 80, "passed": True, "attempts": 2, "last": "2026-10-09"}


def test_progress_recalled_from_statements_has_the_stores_shape_and_ignores_what_is_not_progress(js):
    rows = [
        {"v": "completed", "k": "course", "i": ["a"], "d": "2026-10-01", "ver": 1},
        {"v": "completed", "k": "course", "i": ["a"], "d": "2026-11-01", "ver": 2},
        {"v": "completed", "k": "course", "i": ["a"], "d": "2026-12-01", "ver": 1},  # an older version, later: ignored
        {"v": "failed", "k": "quiz", "i": ["q"], "d": "2026-11-02", "s": 0.4},
        {"v": "passed", "k": "quiz", "i": ["q"], "d": "2026-11-03", "s": 0.85, "ver": 3, "c": "b"},
        {"v": "passed", "k": "quiz", "i": ["q"], "d": "2026-11-01", "s": 7},  # out of range: at most 100 %
        {"v": "failed", "k": "scenario", "i": ["s"], "d": "2026-11-04", "r": 40, "m": 100, "e": "lost"},
        {"v": "passed", "k": "scenario", "i": ["s"], "d": "2026-11-05", "r": 80, "m": 100, "e": "resolved"},
        {"v": "completed", "k": "step", "i": ["p", "2"], "d": "2026-11-06", "ver": 4, "st": "course:c"},
        {"v": "completed", "k": "step", "i": ["p", "3"], "d": "2026-11-06", "st": "quiz:q"},
        {"v": "completed", "k": "path", "i": ["p"], "d": "2026-11-07"},
        None, [], "x", {"v": "completed", "k": "course", "i": "a"}, {"v": "completed", "k": "course", "i": [""], "ver": 1},
        {"v": "completed", "k": "course", "i": ["z"], "ver": "1"}, {"v": "passed", "k": "scenario", "i": ["t"], "r": None},
        {"v": "completed", "k": "course", "i": ["<img src=x onerror=alert(1)>" * 50], "ver": 1},
    ]
    recalled = js("(rows) => recall(rows)", rows)
    assert recalled["progress"] == {
        "format": 1,
        "courses": {"a": {"version": 2, "visited": "2026-11-01", "completed": "2026-11-01"},
                    "b": {"version": 3, "visited": "2026-11-03", "passed": "2026-11-03"},
                    "c": {"version": 4, "visited": "2026-11-06", "completed": "2026-11-06"}},
        "quizzes": {"q": {"best": 100, "passed": True, "attempts": 3, "last": "2026-11-03"}},
        "scenarios": {"s": {"best": 80, "points": 100, "ending": "resolved", "passed": True, "attempts": 2,
                            "last": "2026-11-05"}},
    }
    assert recalled["reported"] == {"step:p:2:4": True, "step:p:3:": True, "path:p": True}
    assert js("() => recall(null)")["progress"]["courses"] == {}
    # Joined with a browser's own progress by merge(): the better of each, nothing lost on either side.
    merged = js("""(rows) => { const mine = {courses: {a: {version: 2, visited: "2026-09-01"}, d: {version: 1, completed: "2026-09-02"}},
                                             quizzes: {q: {best: 90, passed: true, attempts: 5, last: "2026-12-01"}}};
                              merge(mine, recall(rows).progress); return mine; }""", rows)
    assert merged["courses"]["a"]["completed"] == "2026-11-01" and merged["courses"]["d"]["completed"] == "2026-09-02"
    assert merged["quizzes"]["q"] == {"best": 100, "passed": True, "attempts": 5, "last": "2026-12-01"}


def test_modules_keep_their_names_out_of_the_page_globals(browser):
    """Modules share only what they import: the entry modules a page loads leave nothing on `window`."""
    context = browser.new_context()
    page = context.new_page()
    page.route(MODULES_ORIGIN + "**", lambda route: route.fulfill(
        content_type="text/html" if route.request.url.endswith(".html") else "text/javascript",
        body="<!doctype html><title>x</title>" if route.request.url.endswith(".html") else
        browser_code.served(route.request.url.rsplit("/", 1)[1].removesuffix(".js"))))
    page.goto(MODULES_ORIGIN + browser_code.FOLDER + "/page.html")
    for entry in ("learn", "catalog", "cohort", "review-due"):
        page.add_script_tag(type="module", url=MODULES_ORIGIN + browser_code.path(entry))
    assert page.evaluate("() => import('./learn.js').then(learn => typeof learn.setUp)") == "function"
    assert page.evaluate("() => ['score', 'QUESTION_TYPES', 'PROGRESS_KEY', 'load', 'refresh', 'setUp']"
                         ".filter(name => name in window)") == []
    context.close()


def test_the_module_graph_has_no_cycle_and_every_import_is_served():
    order = browser_code.load_order(browser_code.ENTRIES)
    assert set(order) == {path.stem for path in browser_code.MODULES.glob("*.js")} | {"question-types", "records-settings"}
    for name in order:
        assert all(order.index(imported) < order.index(name) for imported in browser_code.imports(name)), name
    browser_code.source.cache_clear()
    real = browser_code.source
    try:
        browser_code.source = lambda name: 'import { a } from "./b.js";' if name == "a" else \
            'import { a } from "./a.js";' if name == "b" else ""
        with pytest.raises(ValueError, match="a -> b -> a"):
            browser_code.load_order(("a",))
    finally:
        browser_code.source = real


SCENARIO = {
    "start": "a", "passPoints": 8,
    "criteria": [{"id": "calm", "name": "情绪管理", "points": 4}, {"id": "fix", "name": "解决方案", "points": 6}],
    "nodes": {
        "a": {"choices": [{"next": "b", "scores": {"calm": 3}}, {"next": "end", "scores": {"calm": -5, "fix": 2}}]},
        "b": {"choices": [{"next": "end", "scores": {"calm": 3, "fix": 6}}, {"next": "lost", "scores": {}}]},
        "end": {"ending": "resolved"}, "lost": {"ending": "lost"},
    },
}


@pytest.mark.parametrize("steps, earned, total, passed, ending", [
    ([["a", 0], ["b", 0]], [4, 6], 10, True, "resolved"),  # 6 on 情绪管理 is capped at its 4 points
    ([["a", 1]], [0, 2], 2, False, "resolved"),  # −5 counts as 0, not below
    ([["a", 0], ["b", 1]], [3, 0], 3, False, "lost"),
    ([], [0, 0], 0, False, ""),
])
def test_a_play_is_scored_per_criterion_within_its_points(js, steps, earned, total, passed, ending):
    result = js("([s, steps]) => scenarioScore(s, steps.map(([node, choice]) => ({node, choice})))", [SCENARIO, steps])
    assert [row["earned"] for row in result["criteria"]] == earned
    assert (result["total"], result["points"], result["passed"], result["ending"]) == (total, 10, passed, ending)


def test_choice_points_read_in_rubric_order_with_a_true_minus(js):
    choice = {"scores": {"fix": 2, "calm": -5}}
    assert js("([s, c]) => choicePoints(s, c)", [SCENARIO, choice]) == "情绪管理 −5、解决方案 +2"
    assert js("([s, c]) => choicePoints(s, c)", [SCENARIO, {"scores": {}}]) == ""


def test_scenario_records_keep_the_best_and_merge_across_browsers(js):
    mine = js("""() => {
        const data = {courses: {}, quizzes: {}};  // saved before scenarios existed
        recordScenario(data, "s", {total: 60, points: 100, passed: false, ending: "lost"});
        recordScenario(data, "s", {total: 85, points: 100, passed: true, ending: "resolved"});
        recordScenario(data, "s", {total: 40, points: 100, passed: false, ending: "lost"});
        return data;
    }""")
    record = mine["scenarios"]["s"]
    assert (record["best"], record["passed"], record["attempts"], record["ending"]) == (85, True, 3, "resolved")
    theirs = {"courses": {}, "quizzes": {}, "scenarios": {"s": {"best": 95, "points": 100, "passed": True, "attempts": 1,
                                                               "ending": "resolved", "last": "2026-12-01"},
                                                         "t": {"best": "x", "passed": False}}}
    merged = js("([a, b]) => { merge(a, b); return a; }", [mine, theirs])
    assert merged["scenarios"]["s"]["best"] == 95 and merged["scenarios"]["s"]["attempts"] == 3
    assert "t" not in merged["scenarios"]  # not a record: left out
    assert js("([d]) => [scenarioState(d, 's'), scenarioState(d, 't')]", [merged]) == ["passed", "new"]
    assert js("([d]) => stepState(d, {scenario: 's'})", [merged]) == "passed"


@pytest.mark.parametrize("kind, response, expected", [
    ("single", [1], "1"), ("multiple", [0, 2], "0[,]2"), ("multiple", [], ""), ("true-false", False, "false"),
    ("true-false", None, ""), ("fill", "二十四", "二十四"), ("order", [2, 0, 1], "2[,]0[,]1"), ("order", None, ""),
    ("match", [1, None, 0], "0[.]1[,]2[.]0"),
])
def test_responses_in_xapi_interaction_format(js, kind, response, expected):
    assert js("([kind, response]) => xapiResponse(kind, response)", [kind, response]) == expected


def test_a_submitted_quiz_is_one_statement_per_answer_and_one_result_under_one_registration(js):
    event = {"quiz": "bank", "title": "自测", "version": "abc", "course": "c1", "courseVersion": 3, "earned": 2.5,
             "points": 4, "passed": False, "answers": [
                 {"id": "q1", "type": "single", "response": [0], "ratio": 1, "answered": True},
                 {"id": "q 2", "type": "multiple", "response": [0], "ratio": 0.5, "answered": True}]}
    made = js("(event) => quizStatements('https://p.example/', event, 'reg-1')", event)
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in made] == ["answered", "answered", "failed"]
    assert made[1]["object"]["id"] == "https://p.example/activities/question/bank/q%202"
    assert made[1]["object"]["definition"]["interactionType"] == "choice"
    assert made[1]["result"] == {"response": "0", "success": False, "score": {"scaled": 0.5},
                                 "extensions": {"https://p.example/records/answered": True}}
    assert {s["context"]["registration"] for s in made} == {"reg-1"}
    assert made[2]["result"] == {"score": {"raw": 2.5, "min": 0, "max": 4, "scaled": 0.625}, "success": False,
                                 "completion": True}
    assert made[2]["context"]["extensions"] == {"https://p.example/records/bank-version": "abc",
                                                "https://p.example/records/version": 3}
    assert made[2]["context"]["contextActivities"]["parent"][0]["id"] == "https://p.example/activities/course/c1"
    assert all("actor" not in s and "id" not in s for s in made)  # records.js adds who and when


def test_statement_ids_are_version_4_uuids(js):
    ids = js("() => [1, 2, 3].map(() => uuid(n => crypto.getRandomValues(new Uint8Array(n))))")
    import re
    assert len(set(ids)) == 3
    assert all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", i) for i in ids)
