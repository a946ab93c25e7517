"""Role-play scenarios: reading one file into a Scenario, and the rules of its conversation graph (every
next names a node, every node is reachable and can reach an ending, scores name the rubric's criteria and
the best play never earns more than a criterion is worth)."""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass

from generator.errors import ProblemLog
from generator.messages import describe, did_you_mean, one_of, text
from generator.model.entities import CustomerCard, Rubric, Scenario, ScenarioChoice, ScenarioNode
from generator.model.fields import MAX_WHOLE_NUMBER, FieldReader
from generator.model.source import LineDict

_LIST_LIMIT = 12
# Far beyond any role-play a trainer writes (the samples have 10 to 20 nodes); keeps the graph checks, the
# player's data and the printed kit small whatever a file holds.
MAX_NODES = 500


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
            if abs(value) > MAX_WHOLE_NUMBER:
                reader.log.add(reader.file, line, reader.name(f"scores.{criterion}"), "V327", limit=MAX_WHOLE_NUMBER)
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
        """One cycle among `nodes` (a walk that comes back to where it started), or None. Depth-first without
        recursion: a conversation may be thousands of nodes deep."""
        state: dict[str, int] = {}
        for root in self.scenario.nodes:
            if root not in nodes or root in state:
                continue
            state[root] = 1
            stack: list[tuple[str, int]] = [(root, 0)]
            on_path: dict[str, int] = {root: 0}
            while stack:
                node, index = stack[-1]
                targets = self.edges[node]
                if index == len(targets):
                    stack.pop()
                    del on_path[node]
                    state[node] = 2
                    continue
                stack[-1] = (node, index + 1)
                target = targets[index][0]
                if target not in nodes:
                    continue
                if state.get(target) == 1:
                    return [entry[0] for entry in stack[on_path[target]:]] + [target]
                if target not in state:
                    state[target] = 1
                    on_path[target] = len(stack)
                    stack.append((target, 0))
        return None

    def components(self, nodes: set[str]) -> list[list[str]]:
        """The strongly connected components among `nodes`, in topological order (a component before every
        component it leads to): Tarjan's algorithm without recursion."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        found: list[list[str]] = []
        for root in self.scenario.nodes:
            if root not in nodes or root in index:
                continue
            work: list[tuple[str, int]] = [(root, 0)]
            index[root] = low[root] = len(index)
            stack.append(root)
            on_stack.add(root)
            while work:
                node, position = work[-1]
                targets = self.edges[node]
                if position < len(targets):
                    work[-1] = (node, position + 1)
                    target = targets[position][0]
                    if target not in nodes:
                        continue
                    if target not in index:
                        index[target] = low[target] = len(index)
                        stack.append(target)
                        on_stack.add(target)
                        work.append((target, 0))
                    elif target in on_stack:
                        low[node] = min(low[node], index[target])
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(component)
        return found[::-1]


def cycle_text(cycle: list[str]) -> str:
    """A cycle for a message: all of a short one, the start and the size of a long one."""
    if len(cycle) <= 12:
        return " → ".join(cycle)
    return " → ".join(cycle[:8]) + text("N1315", count=len(cycle) - 1) + f" → {cycle[-1]}"


def check_scenario(scenario: Scenario, rubric: Rubric | None, log: ProblemLog) -> None:
    """The graph rules of one scenario; `rubric` is the one it names (None when unknown, reported elsewhere)."""
    file, nodes = scenario.file, scenario.nodes
    if not nodes:
        return
    if len(nodes) > MAX_NODES:
        log.add(file, scenario.nodes_line, "nodes", "N1316", count=len(nodes), limit=MAX_NODES)
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
        log.add(file, nodes[cycle[0]].line, f"nodes.{cycle[0]}", "N1304", cycle=cycle_text(cycle))
        trapped -= set(cycle) | _leading_into(graph, trapped, set(cycle))
    if rubric is not None:
        _check_scores(scenario, rubric, graph, reachable & graph.reaching_an_ending(), log)


def _leading_into(graph: _Graph, among: set[str], targets: set[str]) -> set[str]:
    """Nodes of `among` that only lead into `targets` (reported with the cycle they run into): a node joins
    once every one of its next nodes is in `targets` or has joined, counted down along incoming arcs."""
    candidates = among - targets
    waiting = {node: len({target for target, _ in graph.edges[node]}) for node in candidates}
    incoming: dict[str, set[str]] = {}
    for node in candidates:
        for target, _ in graph.edges[node]:
            incoming.setdefault(target, set()).add(node)
    found: set[str] = set()
    queue = deque(targets)
    settled = set(targets)
    while queue:
        for source in incoming.get(queue.popleft(), ()):
            waiting[source] -= 1
            if waiting[source] == 0 and source not in settled:
                settled.add(source)
                found.add(source)
                queue.append(source)
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
    components = graph.components(live)  # the same for every criterion's play
    for criterion in rubric.criteria:
        best = best_play(scenario, graph.edges, live, lambda choice, c=criterion.id: choice.scores.get(c, 0),
                         components)
        if best.loop:
            log.add(scenario.file, scenario.nodes[best.loop[0]].line, f"nodes.{best.loop[0]}", "N1308",
                    cycle=cycle_text(best.loop), criterion=criterion.name)
        elif best.points > criterion.points:
            last = next(choice for choice in reversed(best.choices) if choice.scores.get(criterion.id, 0) > 0)
            log.add(scenario.file, last.score_lines[criterion.id], f"{_where(scenario, last)}.scores.{criterion.id}", "N1307",
                    criterion=criterion.name, best=best.points, points=criterion.points, path=cycle_text(best.nodes))
    total = best_play(scenario, graph.edges, live,
                      lambda choice: sum(v for k, v in choice.scores.items() if k in criteria), components)
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
              weight, components: list[list[str]] | None = None) -> BestPlay:
    """The play from the start to an ending that earns most by `weight`, over the nodes that are reachable and
    can still end. Components of the graph are taken in topological order: between them the best total is
    carried forward once per arc; inside a component with a cycle, Bellman-Ford, which also finds a cycle that
    keeps adding points (reported instead). Linear for conversations without cycles. `components`: those of
    `live`, when the caller plays one graph under several weights."""
    if components is None:
        components = _Graph(scenario, edges).components(live)
    start = scenario.start.id
    best: dict[str, int] = {start: 0}
    came_from: dict[str, tuple[str, ScenarioChoice]] = {}

    def relax(source: str, target: str, choice: ScenarioChoice, points: int) -> bool:
        if source in best and best[source] + points > best.get(target, _NOTHING):
            best[target] = best[source] + points
            came_from[target] = (source, choice)
            return True
        return False

    for component in components:
        members = set(component)
        inner = [(source, target, choice, weight(choice)) for source in component
                 for target, choice in edges[source] if target in members]
        for _ in range(len(component)):
            if not any([relax(*arc) for arc in inner]):
                break
        else:
            if inner and any(source in best and best[source] + points > best[target]
                             for source, target, _, points in inner):
                changed = next(target for source, target, _, points in inner
                               if source in best and best[source] + points > best[target])
                return BestPlay(0, [], [], loop=_loop_through(came_from, changed))
        for source in component:
            for target, choice in edges[source]:
                if target in live and target not in members:
                    relax(source, target, choice, weight(choice))
    endings = [node.id for node in scenario.endings if node.id in best]
    if not endings:
        return BestPlay(0, [], [])
    end = max(endings, key=lambda node_id: best[node_id])
    nodes, choices, node = [end], [], end
    while node != start and len(nodes) <= len(came_from) + 1:
        node, choice = came_from[node]
        nodes.append(node)
        choices.append(choice)
    return BestPlay(best[end], nodes[::-1], choices[::-1])


_NOTHING = -(10 ** 18)


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
