"""Role-play scenarios: reading one file into a Scenario, and the rules of its conversation graph (every
next names a node, every node is reachable and can reach an ending, scores name the rubric's criteria and
the best play never earns more than a criterion is worth)."""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from generator.errors import ProblemLog
from generator.messages import describe, did_you_mean, one_of, text
from generator.model.entities import CustomerCard, Ref, Rubric, Scenario, ScenarioChoice, ScenarioNode
from generator.model.fields import FieldReader
from generator.model.source import LineDict

_LIST_LIMIT = 12


# --- reading --------------------------------------------------------------------------------------------


def read_scenario(file: str, data: LineDict, log: ProblemLog) -> Scenario:
    reader = FieldReader(data, file, log)
    scenario = Scenario(
        file=file,
        line=reader.line("id"),
        id=reader.id(),
        title=reader.text("title"),
        summary=reader.text("summary"),
        tier=reader.required_ref("tier"),
        competencies=reader.refs("competencies"),
        courses=reader.refs("courses"),
        rubric=reader.required_ref("rubric"),
        owner=reader.text("owner"),
        reviewed=reader.date("reviewed") or dt.date.min,
        version=reader.integer("version", default=1, minimum=1),
        customer=_customer(reader.mapping("customer")),
        agent_brief=_agent_brief(reader.mapping("agent")),
        start=reader.required_ref("start"),
        nodes={},
        nodes_line=reader.line("nodes"),
    )
    for node_id, line, node_reader in reader.named_mappings("nodes", required=True):
        scenario.nodes[node_id] = _node(node_id, line, node_reader)
    reader.finish()
    return scenario


def _customer(reader: FieldReader | None) -> CustomerCard:
    if reader is None:
        return CustomerCard()
    card = CustomerCard(
        who=reader.text("who", required=False),
        situation=reader.text("situation", required=False),
        emotion=reader.text("emotion", required=False),
        hidden=reader.texts("hidden"),
        triggers=reader.texts("triggers"),
    )
    reader.finish()
    return card


def _agent_brief(reader: FieldReader | None) -> str:
    if reader is None:
        return ""
    brief = reader.text("brief")
    reader.finish()
    return brief


def _node(node_id: str, line: int, reader: FieldReader) -> ScenarioNode:
    node = ScenarioNode(id=node_id, line=line, customer=reader.text("customer"), choices=[])
    if "ending" in reader.data:
        node.ending = reader.text("ending")
        node.outcome = reader.text("outcome", required=False)
        node.model_answer = reader.text("model_answer", required=False)
        if "choices" in reader.data:
            reader.known.append("choices")
            reader.problem("choices", "N1309")
    else:
        for field in ("outcome", "model_answer"):
            if field in reader.data:
                reader.known.append(field)
                reader.problem(field, "N1311", name=field)
        if "choices" in reader.data:
            node.choices = [_choice(choice) for choice in reader.mappings("choices", required=True)]
        else:
            reader.known.append("choices")
            reader.log.add(reader.file, line, reader.name("choices"), "N1310")
    reader.finish()
    return node


def _choice(reader: FieldReader) -> ScenarioChoice:
    choice = ScenarioChoice(line=reader.data.line, say=reader.text("say"), next=reader.required_ref("next"),
                            scores={}, score_lines={}, feedback=reader.text("feedback", required=False))
    scores = reader.mapping("scores")
    if scores is not None:
        for key, value in scores.data.items():
            criterion = str(key)
            line = scores.data.key_lines.get(key, scores.data.line)
            if isinstance(value, bool) or not isinstance(value, int):
                reader.log.add(reader.file, line, reader.name(f"scores.{criterion}"), "V304", found=describe(value))
                continue
            choice.scores[criterion] = value
            choice.score_lines[criterion] = line
    reader.finish()
    return choice


# --- the conversation graph -----------------------------------------------------------------------------


@dataclass
class _Graph:
    scenario: Scenario
    edges: dict[str, list[tuple[str, ScenarioChoice]]]

    @classmethod
    def of(cls, scenario: Scenario) -> _Graph:
        edges = {node_id: [(choice.next.id, choice) for choice in node.choices if choice.next.id in scenario.nodes]
                 for node_id, node in scenario.nodes.items()}
        return cls(scenario, edges)

    def reachable(self, start: str) -> set[str]:
        seen, queue = {start}, deque([start])
        while queue:
            for target, _ in self.edges[queue.popleft()]:
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return seen

    def reaching_an_ending(self) -> set[str]:
        incoming: dict[str, list[str]] = {node_id: [] for node_id in self.edges}
        for source, targets in self.edges.items():
            for target, _ in targets:
                incoming[target].append(source)
        ends = [node.id for node in self.scenario.endings]
        seen, queue = set(ends), deque(ends)
        while queue:
            for source in incoming[queue.popleft()]:
                if source not in seen:
                    seen.add(source)
                    queue.append(source)
        return seen

    def cycle_within(self, nodes: set[str]) -> list[str] | None:
        """One cycle among `nodes` (a walk that comes back to where it started), or None."""
        state: dict[str, int] = {}
        stack: list[str] = []

        def visit(node: str) -> list[str] | None:
            state[node] = 1
            stack.append(node)
            for target, _ in self.edges[node]:
                if target not in nodes:
                    continue
                if state.get(target) == 1:
                    return stack[stack.index(target):] + [target]
                if target not in state:
                    found = visit(target)
                    if found:
                        return found
            stack.pop()
            state[node] = 2
            return None

        for node in self.scenario.nodes:
            if node in nodes and node not in state:
                found = visit(node)
                if found:
                    return found
        return None


def check_scenario(scenario: Scenario, rubric: Rubric | None, log: ProblemLog) -> None:
    """The graph rules of one scenario; `rubric` is the one it names (None when unknown, reported elsewhere)."""
    file, nodes = scenario.file, scenario.nodes
    if not nodes:
        return
    known = list(nodes)
    expected = text("R401.expected", known=one_of(known)) if len(known) <= _LIST_LIMIT else ""
    unknown_next = False
    for node in nodes.values():
        for index, choice in enumerate(node.choices):
            if choice.next.id and choice.next.id not in nodes:
                unknown_next = True
                log.add(file, choice.next.line, f"nodes.{node.id}.choices[{index}].next", "N1301",
                        value=choice.next.id, suggestion=did_you_mean(choice.next.id, known), expected=expected)
    if scenario.start.id and scenario.start.id not in nodes:
        log.add(file, scenario.start.line, "start", "N1301", value=scenario.start.id,
                suggestion=did_you_mean(scenario.start.id, known), expected=expected)
        return
    if not scenario.start.id:
        return
    if not scenario.endings:
        log.add(file, scenario.nodes_line, "nodes", "N1314")
        return
    graph = _Graph.of(scenario)
    reachable = graph.reachable(scenario.start.id)
    for node in nodes.values():
        # A mistyped next is reported once: the nodes it was meant to lead to are not unreachable too.
        if node.id not in reachable and not unknown_next:
            code = "N1303" if node.is_ending else "N1302"
            log.add(file, node.line, f"nodes.{node.id}", code, start=scenario.start.id)
    trapped = reachable - graph.reaching_an_ending()
    while trapped:
        cycle = graph.cycle_within(trapped)
        if cycle is None:
            break  # nodes that only lead to unknown nodes: already reported
        log.add(file, nodes[cycle[0]].line, f"nodes.{cycle[0]}", "N1304", cycle=" → ".join(cycle))
        trapped -= set(cycle) | _leading_into(graph, trapped, set(cycle))
    if rubric is not None:
        _check_scores(scenario, rubric, graph, reachable & graph.reaching_an_ending(), log)


def _leading_into(graph: _Graph, among: set[str], targets: set[str]) -> set[str]:
    """Nodes of `among` that only lead into `targets` (reported with the cycle they run into)."""
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for node in among - targets - found:
            nexts = {target for target, _ in graph.edges[node]}
            if nexts and nexts <= targets | found:
                found.add(node)
                changed = True
    return found


def _check_scores(scenario: Scenario, rubric: Rubric, graph: _Graph, live: set[str], log: ProblemLog) -> None:
    criteria = {criterion.id: criterion for criterion in rubric.criteria}
    for node in scenario.nodes.values():
        for index, choice in enumerate(node.choices):
            for criterion_id, line in choice.score_lines.items():
                if criterion_id not in criteria:
                    expected = text("R401.expected", known=one_of(criteria))
                    log.add(scenario.file, line, f"nodes.{node.id}.choices[{index}].scores.{criterion_id}", "N1306",
                            value=criterion_id, rubric=rubric.id, suggestion=did_you_mean(criterion_id, criteria),
                            expected=expected)
    if scenario.start.id not in live:
        return
    for criterion in rubric.criteria:
        best = best_play(scenario, graph.edges, live, lambda choice, c=criterion.id: choice.scores.get(c, 0))
        if best.loop:
            log.add(scenario.file, scenario.nodes[best.loop[0]].line, f"nodes.{best.loop[0]}", "N1308",
                    cycle=" → ".join(best.loop), criterion=criterion.name)
        elif best.points > criterion.points:
            last = next(choice for choice in reversed(best.choices) if choice.scores.get(criterion.id, 0) > 0)
            log.add(scenario.file, last.score_lines[criterion.id], f"{_where(scenario, last)}.scores.{criterion.id}", "N1307",
                    criterion=criterion.name, best=best.points, points=criterion.points, path=" → ".join(best.nodes))
    total = best_play(scenario, graph.edges, live,
                      lambda choice: sum(v for k, v in choice.scores.items() if k in criteria))
    if not total.loop and total.points < rubric.pass_points:
        log.warn(scenario.file, scenario.line, "rubric", "W1204", best=total.points, pass_points=rubric.pass_points,
                 rubric=rubric.title)


def _where(scenario: Scenario, choice: ScenarioChoice) -> str:
    for node in scenario.nodes.values():
        for index, candidate in enumerate(node.choices):
            if candidate is choice:
                return f"nodes.{node.id}.choices[{index}]"
    return "nodes"


@dataclass
class BestPlay:
    points: int
    nodes: list[str]
    choices: list[ScenarioChoice]
    loop: list[str] | None = None  # a cycle that adds points on every turn: there is no best play


def best_play(scenario: Scenario, edges: dict[str, list[tuple[str, ScenarioChoice]]], live: set[str],
              weight) -> BestPlay:
    """The play from the start to an ending that earns most by `weight` (Bellman-Ford over the nodes that
    are reachable and can still end; a cycle that keeps adding points is reported instead)."""
    best: dict[str, int] = {scenario.start.id: 0}
    came_from: dict[str, tuple[str, ScenarioChoice]] = {}
    arcs = [(source, target, choice) for source in live for target, choice in edges[source] if target in live]
    for _ in range(len(live)):
        changed = False
        for source, target, choice in arcs:
            if source in best and best[source] + weight(choice) > best.get(target, -(10 ** 9)):
                best[target] = best[source] + weight(choice)
                came_from[target] = (source, choice)
                changed = True
        if not changed:
            break
    else:
        for source, target, choice in arcs:
            if source in best and best[source] + weight(choice) > best[target]:
                return BestPlay(0, [], [], loop=_loop_through(came_from, target))
    endings = [node.id for node in scenario.endings if node.id in best]
    if not endings:
        return BestPlay(0, [], [])
    end = max(endings, key=lambda node_id: best[node_id])
    nodes, choices, node = [end], [], end
    while node != scenario.start.id:
        node, choice = came_from[node]
        nodes.append(node)
        choices.append(choice)
    return BestPlay(best[end], nodes[::-1], choices[::-1])


def _loop_through(came_from: dict[str, tuple[str, ScenarioChoice]], node: str) -> list[str]:
    """The cycle the improving predecessors of `node` run around (after as many steps back as there are
    nodes, the walk is on it)."""
    for _ in range(len(came_from) + 1):
        node = came_from[node][0] if node in came_from else node
    cycle, current = [node], came_from[node][0] if node in came_from else node
    while current != node and current in came_from and len(cycle) <= len(came_from):
        cycle.append(current)
        current = came_from[current][0]
    cycle = cycle[::-1]
    return [*cycle, cycle[0]]
