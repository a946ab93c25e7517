"""Cross-file checks: unique ids, known references, acyclic prerequisites, consistent totals."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from generator.errors import ProblemLog
from generator.model.cases import check_case
from generator.model.entities import Case, Curriculum, Named, Ref, Scenario
from generator.model.programme_checks import check_programmes
from generator.model.references import check_ref as _check
from generator.model.references import check_refs as _check_all
from generator.model.references import duplicate_ids as _duplicates
from generator.model.references import unknown_reference
from generator.model.scenarios import check_scenario
from generator.model.source import ContentCache


def check_curriculum(curriculum: Curriculum, log: ProblemLog, cache: ContentCache | None = None) -> None:
    """Every rule across files; `cache` (a preview's) keeps what a costly check found about unchanged entities."""
    _check_unique_ids(curriculum, log)
    _check_model_references(curriculum, log)
    _check_course_references(curriculum, log)
    _check_path_references(curriculum, log)
    _check_quizzes(curriculum, log)
    _check_rubrics(curriculum, log)
    _check_handbooks(curriculum, log)
    _check_prerequisite_cycles(curriculum, log)
    _check_path_order(curriculum, log)
    _check_milestone_banks(curriculum, log)
    _check_scenarios(curriculum, log, cache)
    _check_cases(curriculum, log)
    check_programmes(curriculum, log)


def _check_unique_ids(c: Curriculum, log: ProblemLog) -> None:
    model = c.model
    named: tuple[tuple[str, Sequence[Named]], ...] = (
        ("tier", model.tiers),
        ("dimension", model.dimensions),
        ("competency", model.competencies),
        ("audience", model.audiences),
        ("format", model.formats),
    )
    for kind, items in named:
        _duplicates(log, kind, ((item.id, model.file, item.line) for item in items))
    # Courses and paths are both pages a learner's progress is keyed by: one namespace.
    _duplicates(log, "course or path", [*((p.id, p.file, p.line) for p in c.courses),
                                        *((p.id, p.file, p.line) for p in c.paths)])
    _duplicates(log, "quiz bank", ((q.id, q.file, q.line) for q in c.quizzes))
    _duplicates(log, "rubric", ((r.id, r.file, r.line) for r in c.rubrics))
    _duplicates(log, "handbook", ((h.id, h.file, h.line) for h in c.handbooks))
    _duplicates(log, "scenario", ((s.id, s.file, s.line) for s in c.scenarios))
    _duplicates(log, "case", ((case.id, case.file, case.line) for case in c.cases))
    for bank in c.quizzes:
        _duplicates(log, "question", ((q.id, bank.file, q.line) for q in bank.questions), within=bank.id)
    for rubric in c.rubrics:
        _duplicates(log, "criterion", ((k.id, rubric.file, k.line) for k in rubric.criteria), within=rubric.id)
    glossary_file = f"{c.model.file.rsplit('/', 1)[0]}/glossary.yml" if "/" in c.model.file else "glossary.yml"
    seen: dict[str, int] = {}
    for term in c.glossary:
        for word in term.words:
            if word in seen and seen[word] != term.line:
                log.add(glossary_file, term.line, "term", "R403", word=word, other=seen[word])
            seen.setdefault(word, term.line)


def _check_model_references(c: Curriculum, log: ProblemLog) -> None:
    for competency in c.model.competencies:
        _check(log, c.model.file, "dimension", competency.dimension, "dimension", c.dimension_by_id)


def _check_course_references(c: Curriculum, log: ProblemLog) -> None:
    for course in c.courses:
        f = course.file
        _check(log, f, "tier", course.tier, "tier", c.tier_by_id)
        for index, objective in enumerate(course.objectives):
            _check(log, f, f"objectives[{index}]", objective.dimension, "dimension", c.dimension_by_id)
        _check_all(log, f, "competencies", course.competencies, "competency", c.competency_by_id)
        _check_all(log, f, "audience", course.audience, "audience", c.audience_by_id)
        _check_all(log, f, "formats", course.formats, "format", c.format_by_id)
        _check_all(log, f, "prerequisites", course.prerequisites, "course", c.course_by_id)
        for index, ref in enumerate(course.prerequisites):
            if ref.id == course.id:
                log.add(f, ref.line, f"prerequisites[{index}]", "R404")
        _check(log, f, "quiz", course.quiz, "quiz bank", c.quiz_by_id)
        _check_self_check(c, log, f, "quiz", course.quiz)
        _check(log, f, "rubric", course.rubric, "rubric", c.rubric_by_id)
        _check_all(log, f, "scenarios", course.scenarios, "scenario", c.scenario_by_id)


def _check_self_check(c: Curriculum, log: ProblemLog, file: str, field: str, ref: Ref | None) -> None:
    bank = c.quiz_by_id.get(ref.id) if ref else None
    if ref is not None and bank is not None and bank.is_exam:
        log.add(file, ref.line, field, "R405", value=ref.id)


def _check_path_references(c: Curriculum, log: ProblemLog) -> None:
    for path in c.paths:
        f = path.file
        _check(log, f, "tier", path.tier, "tier", c.tier_by_id)
        _check_all(log, f, "audience", path.audience, "audience", c.audience_by_id)
        for index, step in enumerate(path.steps):
            _check(log, f, f"steps[{index}].course", step.course, "course", c.course_by_id)
            _check(log, f, f"steps[{index}].quiz", step.quiz, "quiz bank", c.quiz_by_id)
            _check_self_check(c, log, f, f"steps[{index}].quiz", step.quiz)
            _check(log, f, f"steps[{index}].scenario", step.scenario, "scenario", c.scenario_by_id)
        _duplicates(log, "step course", ((s.course.id, f, s.line) for s in path.steps if s.course), within=path.id)


def _check_quizzes(c: Curriculum, log: ProblemLog) -> None:
    for bank in c.quizzes:
        if bank.draw is not None and bank.questions and bank.draw > len(bank.questions):
            log.add(bank.file, bank.draw_line, "draw", "Q508", draw=bank.draw, count=len(bank.questions))
        for index, question in enumerate(bank.questions):
            _check(log, bank.file, f"questions[{index}].competency", question.competency,
                   "competency", c.competency_by_id)


def _check_rubrics(c: Curriculum, log: ProblemLog) -> None:
    for rubric in c.rubrics:
        if rubric.total is not None and rubric.criteria and rubric.points != rubric.total:
            detail = " + ".join(str(k.points) for k in rubric.criteria)
            log.add(rubric.file, rubric.total_line, "total", "Q509", points=rubric.points, detail=detail,
                    total=rubric.total)
        for index, criterion in enumerate(rubric.criteria):
            _check_all(log, rubric.file, f"criteria[{index}].competencies", criterion.competencies, "competency",
                       c.competency_by_id)


def _check_handbooks(c: Curriculum, log: ProblemLog) -> None:
    tags = set(c.all_tags())
    for handbook in c.handbooks:
        for index, item in enumerate(handbook.include):
            field = f"include[{index}].{item.kind}"
            ref = Ref(item.value, item.line)
            if item.kind == "path":
                _check(log, handbook.file, field, ref, "learning path", c.path_by_id)
            elif item.kind == "course":
                _check(log, handbook.file, field, ref, "course", c.course_by_id)
            elif item.value not in tags:
                unknown_reference(log, handbook.file, field, ref, "tag", sorted(tags))


def _check_path_order(c: Curriculum, log: ProblemLog) -> None:
    """A path should not ask for a course before the prerequisites it also lists."""
    for path in c.paths:
        position = {step.course.id: index for index, step in enumerate(path.steps) if step.course}
        for index, step in enumerate(path.steps):
            course = c.course_by_id.get(step.course.id) if step.course else None
            if course is None:
                continue
            for ref in course.prerequisites:
                if position.get(ref.id, -1) > index:
                    log.warn(path.file, step.line, f"steps[{index}].course", "W1202", course=course.title,
                             prerequisite=c.course_by_id[ref.id].title)


def _check_milestone_banks(c: Curriculum, log: ProblemLog) -> None:
    """A milestone that checks with a bank a course of the same path already uses is passed with that course."""
    for path in c.paths:
        courses = [c.course_by_id[s.course.id] for s in path.steps if s.course and s.course.id in c.course_by_id]
        course_banks = {course.quiz.id: course for course in courses if course.quiz}
        for index, step in enumerate(path.steps):
            if step.milestone is not None and step.quiz and step.quiz.id in course_banks:
                log.warn(path.file, step.quiz.line, f"steps[{index}].quiz", "W1201", milestone=step.milestone,
                         bank=step.quiz.id, course=course_banks[step.quiz.id].title)


def _check_practice(c: Curriculum, log: ProblemLog, item: Scenario | Case) -> None:
    """What a role-play and a call case both name: their tier, competencies, courses and rubric."""
    f = item.file
    _check(log, f, "tier", item.tier, "tier", c.tier_by_id)
    _check_all(log, f, "competencies", item.competencies, "competency", c.competency_by_id)
    _check_all(log, f, "courses", item.courses, "course", c.course_by_id)
    _check(log, f, "rubric", item.rubric, "rubric", c.rubric_by_id)


def _check_scenarios(c: Curriculum, log: ProblemLog, cache: ContentCache | None) -> None:
    for scenario in c.scenarios:
        _check_practice(c, log, scenario)
        rubric = c.rubric_by_id.get(scenario.rubric.id)
        if cache is None:
            check_scenario(scenario, rubric, log)
        else:
            cache.checked("scenario", (scenario, rubric), functools.partial(check_scenario, scenario, rubric), log)


def _check_cases(c: Curriculum, log: ProblemLog) -> None:
    for case in c.cases:
        _check_practice(c, log, case)
        check_case(case, c.rubric_by_id.get(case.rubric.id), log)


def _check_prerequisite_cycles(c: Curriculum, log: ProblemLog) -> None:
    graph = {course.id: [r.id for r in course.prerequisites if r.id in c.course_by_id and r.id != course.id]
             for course in c.courses}
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = finished
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in graph.get(node, []):
            if state.get(target) == 1:
                cycle = stack[stack.index(target):] + [target]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    course = c.course_by_id[node]
                    ref = next(r for r in course.prerequisites if r.id == target)
                    log.add(course.file, ref.line, "prerequisites", "R406", cycle=" → ".join(cycle))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for course_id in graph:
        if course_id not in state:
            visit(course_id)
