"""Role-play scenarios in the content model: one broken scenario per rule of the contract, each reported with
file, line and field; all of them in one run; the best and worst plays the checks and the player agree on."""

from __future__ import annotations

import pytest

from generator.errors import ContentError
from generator.model import load_curriculum
from generator.model.scenarios import _Graph, best_play
from test_validation_errors import located_messages

SCENARIO = "assessments/scenarios/late-delivery.yml"
PATH = "curriculum/paths/new-hire.md"
COURSE = "curriculum/courses/basic/etiquette.md"

# (file, text, replacement, expected location "file:line: field", code, a part of the message)
CASES = {
    "unknown next node": (SCENARIO, "        next: good\n", "        next: god\n",
                          f"{SCENARIO}:35: nodes.n2.choices[0].next", "N1301", "“god”不是本情景的节点；是不是“good”？"),
    "unknown start node": (SCENARIO, "start: n1", "start: n0", f"{SCENARIO}:18: start", "N1301", "“n0”不是本情景的节点"),
    "unreachable node": (SCENARIO, "        next: n3\n", "        next: lost\n", f"{SCENARIO}:42: nodes.n3", "N1302",
                         "从开始节点“n1”走不到这个节点"),
    "unreachable ending": (SCENARIO, "        next: escalated\n", "        next: lost\n",
                           f"{SCENARIO}:62: nodes.escalated", "N1303", "没有任何选项能走到这个结局"),
    "criterion not in the rubric": (SCENARIO, "scores: {emotion: 20}\n", "scores: {empathy: 20}\n",
                                    f"{SCENARIO}:25: nodes.n1.choices[0].scores.empathy", "N1306",
                                    "“empathy”不是评分表“complaint-handling”的评分项"),
    "best play above the criterion": (SCENARIO, "scores: {emotion: 20, solution: 60}", "scores: {emotion: 30, solution: 60}",
                                      f"{SCENARIO}:36: nodes.n2.choices[0].scores.emotion", "N1307",
                                      "“情绪管理”可得 50 分，超过评分表给这一项的 40 分（路径：n1 → n2 → good）"),
    "a loop that keeps adding points": (SCENARIO, "        next: n2\n        scores: {emotion: 10}",
                                        "        next: n1\n        scores: {emotion: 30}", f"{SCENARIO}:",
                                        "N1308", "之间反复选择可以无限累加“情绪管理”的分数"),
    "ending with choices": (SCENARIO, "    ending: lost\n", "    ending: lost\n    choices:\n      - say: 再见\n        next: n1\n",
                            f"{SCENARIO}:69: nodes.lost.choices", "N1309", "结局节点不能再有选项"),
    "node without choices or ending": (SCENARIO, "    ending: escalated\n", "", f"{SCENARIO}:62: nodes.escalated.choices",
                                       "N1310", "不是结局的节点需要 choices"),
    "outcome on a node that is not an ending": (SCENARIO, "    customer: 好，你快点查。\n",
                                                "    customer: 好，你快点查。\n    outcome: 客户等待。\n",
                                                f"{SCENARIO}:33: nodes.n2.outcome", "N1311", "只有结局节点"),
    "unknown rubric": (SCENARIO, "rubric: complaint-handling", "rubric: complaints", f"{SCENARIO}:7: rubric", "R401",
                       "“complaints”不是已定义的评分表"),
    "unknown course": (SCENARIO, "courses: [complaint-deescalation]", "courses: [complaint]", f"{SCENARIO}:6: courses[0]",
                       "R401", "“complaint”不是已定义的课程"),
    "unknown tier": (SCENARIO, "tier: foundation", "tier: basic", f"{SCENARIO}:4: tier", "R401", "“basic”不是已定义的层级"),
    "path step names no scenario": (PATH, "scenario: late-delivery", "scenario: late", f"{PATH}:16: steps[4].scenario",
                                    "R401", "“late”不是已定义的情景模拟"),
    "course names no scenario": (COURSE, "competencies: [empathy]", "competencies: [empathy]\nscenarios: [late]",
                                 f"{COURSE}:11: scenarios[0]", "R401", "“late”不是已定义的情景模拟"),
    "score is not a number": (SCENARIO, "scores: {emotion: -10}\n        feedback: 第二次", "scores: {emotion: 很多}\n        feedback: 第二次",
                              f"{SCENARIO}:29: nodes.n1.choices[1].scores.emotion", "V304", "应为整数，实际是“很多”"),
    "a score of 1e308 points": (SCENARIO, "scores: {emotion: 20}\n", "scores: {emotion: 1" + "0" * 308 + "}\n",
                                f"{SCENARIO}:25: nodes.n1.choices[0].scores.emotion", "V327", "应在 -1000000 到 1000000 之间"),
    "missing title": (SCENARIO, "title: 物流延迟的第二次来电\n", "", f"{SCENARIO}:1: title", "V317", "必填字段缺失"),
    "misspelt field": (SCENARIO, "    customer: 好的，谢谢你。", "    custmer: 好的，谢谢你。",
                       f"{SCENARIO}:58: nodes.good.custmer", "V316", "未知字段；是不是“customer”？"),
}


def add_copy(repo, scenario_id: str) -> None:
    repo.write(f"assessments/scenarios/{scenario_id}.yml", repo.read(SCENARIO))


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_scenario_rule_is_located(content_repo, case):
    located_messages(content_repo, CASES[case])


def test_a_loop_with_no_way_out_names_its_nodes(content_repo):
    # n2's answers both lead to n3, and n3's (apart from the one back to n2) are gone.
    text = content_repo.read(SCENARIO)
    text = text.replace("        next: good\n", "        next: n3\n").replace("        next: lost\n", "        next: n3\n", 1)
    start, end = text.index("      - say: 这是规定。"), text.index("  good:")
    content_repo.write(SCENARIO, text[:start] + text[end:])
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    loops = [str(p) for p in raised.value.problems if p.code == "N1304"]
    assert loops == [f"{SCENARIO}:31: nodes.n2: 对话在 n2 → n3 → n2 之间循环，没有出口，走不到任何结局；"
                     "请让其中一个选项通向结局或通向能结束的节点 [N1304]"]


def test_a_scenario_without_any_ending_says_so(content_repo):
    text = content_repo.read(SCENARIO)
    for ending in ("resolved", "escalated", "lost"):
        text = text.replace(f"    ending: {ending}\n", "    choices:\n      - say: 好的\n        next: n1\n")
    text = text.replace("    outcome: 客户接受加急和补偿。\n    model_answer: 先道歉，再查询，给出具体方案和回电时间。\n", "")
    text = text.replace("    outcome: 转交班组长处理。\n", "").replace("    outcome: 客户要求退货并挂断。\n", "")
    content_repo.write(SCENARIO, text)
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    assert [p.code for p in raised.value.problems] == ["N1314"]
    assert str(raised.value.problems[0]).startswith(f"{SCENARIO}:19: nodes")


def test_duplicate_scenario_ids_name_the_first(content_repo):
    add_copy(content_repo, "late-delivery-copy")
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    assert [str(p) for p in raised.value.problems] == [
        "assessments/scenarios/late-delivery.yml:1: id: 情景模拟 id“late-delivery”重复"
        "（已在 assessments/scenarios/late-delivery-copy.yml:1 使用） [R402]"]


def test_every_problem_of_a_broken_scenario_in_one_run(content_repo):
    for case in ("unknown next node", "criterion not in the rubric", "unknown course", "path step names no scenario",
                 "misspelt field"):
        file, old, new, *_ = CASES[case]
        content_repo.replace(file, old, new)
    with pytest.raises(ContentError) as raised:
        load_curriculum(content_repo.root)
    codes = sorted(p.code for p in raised.value.problems)
    assert codes == ["N1301", "N1306", "R401", "R401", "V316"]
    assert {p.file for p in raised.value.problems} == {SCENARIO, PATH}


def test_a_scenario_nobody_can_pass_is_a_warning(content_repo):
    content_repo.replace(SCENARIO, "scores: {emotion: 20, solution: 60}", "scores: {emotion: 20, solution: 30}")
    curriculum = load_curriculum(content_repo.root)
    warnings = [w for w in curriculum.warnings if w.file == SCENARIO]
    assert [(w.code, w.line, w.field) for w in warnings] == [("W1204", 1, "rubric")]
    assert "只能得 70 分，达不到“投诉处理评分表”的及格线 80 分" in warnings[0].message


def test_best_and_worst_plays(content_repo):
    curriculum = load_curriculum(content_repo.root)
    scenario = curriculum.scenario_by_id["late-delivery"]
    graph = _Graph.of(scenario)
    live = set(scenario.nodes)
    best = best_play(scenario, graph.edges, live, lambda choice: sum(choice.scores.values()))
    worst = best_play(scenario, graph.edges, live, lambda choice: -sum(choice.scores.values()))
    assert (best.points, best.nodes) == (100, ["n1", "n2", "good"])
    assert (worst.points, worst.nodes) == (20, ["n1", "n3", "lost"])
    assert curriculum.scenarios_of_course("complaint-deescalation") == [scenario]
    step = curriculum.path_by_id["new-hire-path"].steps[-1]
    assert (step.milestone, step.scenario.id) == ("第 2 周 模拟考核", "late-delivery")


def test_a_loop_that_adds_nothing_is_allowed(content_repo):
    content_repo.replace(SCENARIO, "      - say: 我请组长来处理。", "      - say: 您稍等，我再确认一下。\n        next: n3\n"
                         "      - say: 我请组长来处理。")
    curriculum = load_curriculum(content_repo.root)
    assert "n3" in [c.next.id for c in curriculum.scenario_by_id["late-delivery"].nodes["n3"].choices]


# --- graphs of any size: no recursion, linear where there is no cycle, a node limit ------------------------


def _long_scenario(count: int, shape: str):
    """A scenario of `count` nodes built in memory (past the file-size and node limits on purpose)."""
    import datetime as dt

    from generator.model.entities import CustomerCard, Ref, Scenario, ScenarioChoice, ScenarioNode

    nodes = {}
    for index in range(1, count + 1):
        targets = {"chain": [f"n{index + 1}" if index < count else "end"],
                   "loop": [f"n{index % count + 1}"],
                   # a two-node cycle after every step (n2 → n1, n4 → n3 …): many small components
                   "ladder": [f"n{index + 1}" if index < count else "end", *([f"n{index - 1}"] if index % 2 == 0 else [])]}[shape]
        choices = [ScenarioChoice(line=index, say="好", next=Ref(target, index), scores={"emotion": 1 if t == 0 else -2},
                                  score_lines={"emotion": index}, feedback="") for t, target in enumerate(targets)]
        nodes[f"n{index}"] = ScenarioNode(id=f"n{index}", line=index, customer="……", choices=choices)
    nodes["end"] = ScenarioNode(id="end", line=count + 1, customer="再见", choices=[], ending="resolved")
    return Scenario(file="s.yml", line=1, id="s", title="长", summary="长", tier=Ref("foundation", 1), competencies=[],
                    courses=[], rubric=Ref("r", 1), owner="x", reviewed=dt.date(2026, 1, 1), version=1,
                    customer=CustomerCard(), agent_brief="", start=Ref("n1", 1), nodes=nodes, nodes_line=2)


@pytest.mark.parametrize("count", [3000, 20000])
def test_graph_walks_do_not_recurse(count):
    loop = _long_scenario(count, "loop")
    graph = _Graph.of(loop)
    cycle = graph.cycle_within(set(loop.nodes) - {"end"})
    assert cycle is not None and len(cycle) == count + 1 and cycle[0] == cycle[-1]
    components = graph.components(set(loop.nodes))
    assert sorted(len(component) for component in components) == [1, count]
    chain = _long_scenario(count, "chain")
    assert [len(c) for c in _Graph.of(chain).components(set(chain.nodes))] == [1] * (count + 1)


@pytest.mark.parametrize("shape", ["chain", "ladder"])
def test_best_play_is_linear_where_the_conversation_has_no_gainful_cycle(shape):
    """Counted, not timed: the weight of each choice is asked for a bounded number of times (Bellman-Ford over
    the whole graph asks nodes × choices times)."""
    scenario = _long_scenario(3000, shape)
    graph = _Graph.of(scenario)
    arcs = sum(len(targets) for targets in graph.edges.values())
    asked = 0

    def weight(choice):
        nonlocal asked
        asked += 1
        return choice.scores["emotion"]

    best = best_play(scenario, graph.edges, set(scenario.nodes), weight)
    assert best.points == 3000 and best.nodes[0] == "n1" and best.nodes[-1] == "end" and best.loop is None
    assert asked == arcs  # once per choice (Bellman-Ford over the whole graph: once per choice and pass)
    if shape == "ladder":
        assert sorted({len(c) for c in graph.components(set(scenario.nodes))}) == [1, 2]


def test_a_scenario_past_the_node_limit_is_one_located_problem(content_repo):
    from generator.errors import ProblemLog
    from generator.model.scenarios import MAX_NODES, check_scenario

    log = ProblemLog()
    check_scenario(_long_scenario(MAX_NODES, "loop"), None, log)  # and its ending: one node too many
    assert [str(p) for p in log.problems] == [
        f"s.yml:2: nodes: 情景模拟有 {MAX_NODES + 1} 个节点，超过上限 {MAX_NODES} 个；请把它拆成几个情景模拟 [N1316]"]
    log = ProblemLog()
    check_scenario(_long_scenario(MAX_NODES - 1, "loop"), None, log)
    assert [p.code for p in log.problems] == ["N1303", "N1304"]
    assert f"n1 → n2 → n3 → n4 → n5 → n6 → n7 → n8 → …（共 {MAX_NODES - 1} 个节点） → n1 之间循环" in log.problems[1].message


def test_a_preview_reports_a_scenarios_findings_on_every_load_until_its_files_change(content_repo):
    """A preview keeps what the graph checks found about an unchanged scenario and rubric (ContentCache.checked):
    the finding comes again on every save, in the language of that load, and goes once a file changes."""
    from generator.messages import set_language
    from generator.model.source import ContentCache

    cache = ContentCache()
    content_repo.replace(SCENARIO, "scores: {emotion: 20, solution: 60}", "scores: {emotion: 30, solution: 60}")
    for language, words in (("zh", "超过评分表给这一项的 40 分"), ("zh", "超过评分表给这一项的 40 分"), ("en", "40")):
        set_language(language)
        with pytest.raises(ContentError) as raised:
            load_curriculum(content_repo.root, cache=cache)
        [found] = [p for p in raised.value.problems if p.code == "N1307"]
        assert (found.file, found.line) == (SCENARIO, 36) and words in found.message
        assert language == "zh" or "超过" not in found.message
    set_language("zh")
    content_repo.replace("assessments/rubrics/complaint-handling.yml", "points: 40", "points: 50")
    content_repo.replace("assessments/rubrics/complaint-handling.yml", "total: 100", "total: 110")
    curriculum = load_curriculum(content_repo.root, cache=cache)  # the rubric changed: the plays are searched again
    assert not [w for w in curriculum.warnings if w.file == SCENARIO]
    content_repo.replace(SCENARIO, "scores: {emotion: 30, solution: 60}", "scores: {emotion: 20, solution: 30}")
    for _ in range(2):
        warnings = [w for w in load_curriculum(content_repo.root, cache=cache).warnings if w.file == SCENARIO]
        assert [(w.code, w.line) for w in warnings] == [("W1204", 1)]
