"""Role-play scenarios on the site: the data the player runs a conversation from, the player's markup, the
scenario page's header and the practice box at the end of a course.

What the customer's role card keeps back (hidden facts, triggers) is for whoever plays the customer: it
never enters a page. Every text a trainer wrote is rendered from Markdown here, with raw HTML escaped.
"""

from __future__ import annotations

import jinja2

from generator.model.entities import ENDING_LABELS, Curriculum, LearningPath, PathStep, Scenario
from generator.render.markup import render_inline, render_markdown
from generator.render.quiz import script_json
from generator.render.urls import Links


def ending_label(ending: str) -> str:
    return ENDING_LABELS.get(ending, ending)


def scenario_data(curriculum: Curriculum, scenario: Scenario) -> dict:
    """What the player needs: nodes, choices with their points and feedback, the rubric's criteria."""
    rubric = curriculum.rubric_by_id[scenario.rubric.id]
    return {
        "id": scenario.id,
        "title": scenario.title,
        "version": scenario.version,
        "start": scenario.start.id,
        "criteria": [{"id": c.id, "name": c.name, "points": c.points} for c in rubric.criteria],
        "passPoints": rubric.pass_points,
        "passScore": rubric.pass_score,
        "nodes": {node.id: _node_data(node) for node in scenario.nodes.values()},
    }


def _node_data(node) -> dict:
    data: dict = {"customer": str(render_markdown(node.customer))}
    if node.is_ending:
        data.update(ending=node.ending, label=ending_label(node.ending or ""),
                    outcome=str(render_markdown(node.outcome)) if node.outcome else "",
                    model=str(render_markdown(node.model_answer)) if node.model_answer else "")
    else:
        data["choices"] = [
            {"say": str(render_inline(choice.say)), "next": choice.next.id, "scores": choice.scores,
             "feedback": str(render_inline(choice.feedback)) if choice.feedback else ""}
            for choice in node.choices
        ]
    return data


def scenario_milestones(curriculum: Curriculum, scenario_id: str) -> list[tuple[LearningPath, PathStep, int]]:
    """Each path step that is played as this scenario, with its number in the path."""
    return [(path, step, number) for path in curriculum.paths for number, step in enumerate(path.steps, start=1)
            if step.scenario and step.scenario.id == scenario_id]


def render_player(env: jinja2.Environment, curriculum: Curriculum, scenario: Scenario, heading: bool) -> str:
    """The conversation itself; `heading` on a course page, where the scenario is one part among others."""
    return env.get_template("training/scenario.html").render(
        scenario=scenario, rubric=curriculum.rubric_by_id[scenario.rubric.id], heading=heading,
        data=script_json(scenario_data(curriculum, scenario)))


def render_scenario_intro(env: jinja2.Environment, curriculum: Curriculum, scenario: Scenario, links: Links,
                          kit: dict | None) -> str:
    """Above the player on the scenario page: the situation, the agent's brief, what is scored, where the
    scenario belongs; `kit` (url, first and last page) is where its printable role-play kit is, when the
    site has one."""
    return env.get_template("training/scenario_intro.html").render(
        curriculum=curriculum, scenario=scenario, rubric=curriculum.rubric_by_id[scenario.rubric.id], links=links,
        milestones=scenario_milestones(curriculum, scenario.id), kit=kit,
        courses=[curriculum.course_by_id[ref.id] for ref in scenario.courses if ref.id in curriculum.course_by_id])


def render_course_scenarios(env: jinja2.Environment, curriculum: Curriculum, course_id: str, links: Links) -> str:
    """At the end of a course: the role-plays that practise it, each playable where it is."""
    scenarios = curriculum.scenarios_of_course(course_id)
    if not scenarios:
        return ""
    players = [render_player(env, curriculum, scenario, heading=True) for scenario in scenarios]
    return env.get_template("training/course_scenarios.html").render(scenarios=scenarios, players=players,
                                                                      links=links)
