"""The classroom role-play kit of a scenario, three A4 sheets: the customer's role card and the agent's task
card (one sheet, cut in two), four copies of the case card (cut in four), the observer's score sheet.

The role card is the only place the customer's hidden facts and triggers are printed. The site prints
every kit in one background process while MkDocs writes pages; the trainer pack prints them too.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.messages import text
from generator.model.entities import Criterion, Curriculum, Rubric, Scenario
from generator.paper.glyphs import missing_glyph_messages
from generator.paper.handbook import STYLESHEET
from generator.paper.pdf import PaperError, first_pages, render_document, save_document
from generator.render.markup import render_markdown
from generator.render.scenario import ending_label
from generator.site.kit_file import KIT_FILE, KIT_PAGES

ANCHOR = "kit-"  # each kit begins with the element id kit-<scenario id>
CASE_CARDS_PER_SHEET = 4
CUE_LENGTH = 60  # characters of an answer an observer's cue quotes


@dataclass(frozen=True)
class KeyBehaviour:
    say: str
    points: int

    @property
    def cue(self) -> str:
        """The answer as one line of plain text, cut to what an observer can take in at a glance."""
        words = render_markdown(self.say).striptags()
        return words if len(words) <= CUE_LENGTH else words[:CUE_LENGTH].rstrip("，、；。 ") + "……"


def key_behaviours(scenario: Scenario, criterion: Criterion, best: int = 1, worst: int = 1) -> list[KeyBehaviour]:
    """What an observer listens for on one criterion: the answer that earns most on it, and the one that
    loses most."""
    scored: dict[str, int] = {}
    for node in scenario.nodes.values():
        for choice in node.choices:
            points = choice.scores.get(criterion.id, 0)
            if points and abs(points) > abs(scored.get(choice.say, 0)):
                scored[choice.say] = points
    ranked = sorted(scored.items(), key=lambda item: -item[1])
    gains = [KeyBehaviour(say, points) for say, points in ranked if points > 0][:best]
    losses = [KeyBehaviour(say, points) for say, points in reversed(ranked) if points < 0][:worst]
    return gains + losses


def _kit(curriculum: Curriculum, scenario: Scenario) -> dict:
    rubric = curriculum.rubric_by_id[scenario.rubric.id]
    start = scenario.nodes.get(scenario.start.id)
    return {
        "scenario": scenario, "rubric": rubric, "tier": curriculum.tier_by_id.get(scenario.tier.id),
        "competencies": [curriculum.competency_by_id[r.id] for r in scenario.competencies
                         if r.id in curriculum.competency_by_id],
        "opening": start.customer if start else "",
        "endings": list(dict.fromkeys(ending_label(node.ending or "") for node in scenario.endings)),
        "behaviours": {criterion.id: key_behaviours(scenario, criterion) for criterion in rubric.criteria},
    }


def kits_html(env: jinja2.Environment, curriculum: Curriculum, scenarios: list[Scenario], site_name: str,
              build_date: dt.date) -> str:
    """One document with the kit of each scenario, in order, each starting on a new sheet."""
    return env.get_template("training/paper/roleplay_kit.html").render(
        site_name=site_name, build_date=build_date.isoformat(), kits=[_kit(curriculum, s) for s in scenarios],
        copies=range(CASE_CARDS_PER_SHEET), anchor=ANCHOR)


def kit_problems(scenarios: list[Scenario], starts: dict[str, int], pages: int) -> list[str]:
    """A kit that takes more (or fewer) sheets than KIT_PAGES: a card or the observer sheet did not fit."""
    problems = []
    for index, scenario in enumerate(scenarios):
        end = starts.get(scenarios[index + 1].id, pages + 1) if index + 1 < len(scenarios) else pages + 1
        count = end - starts.get(scenario.id, end)
        if count != KIT_PAGES:
            problems.append(f"{scenario.file}:{scenario.line}: {text('D1111', pages=count, expected=KIT_PAGES)}")
    return problems


def glyph_problems(characters: list[str], document: str, scenarios: list[Scenario], rubrics: list[Rubric]) -> list[str]:
    """Where each character comes from: a scenario, or the rubric its observer sheet prints."""
    return missing_glyph_messages(characters, text("D1112", file=document), scenarios=scenarios, rubrics=rubrics)


def kit_rubrics(curriculum: Curriculum, scenarios: list[Scenario]) -> list[Rubric]:
    return [curriculum.rubric_by_id[rubric_id] for rubric_id in dict.fromkeys(s.rubric.id for s in scenarios)]


# --- the site's kit file, printed in its own process while MkDocs writes the pages ------------------------


@dataclass
class KitJob:
    scenarios: list[Scenario]
    rubrics: list[Rubric]
    process: subprocess.Popen
    pdf: Path
    started: float
    html: str  # the document printed: what the exam-text scan reads


@dataclass
class KitResult:
    path: Path
    pages: int
    seconds: float
    html: str


def start_kits(env: jinja2.Environment, curriculum: Curriculum, workdir: Path, site_name: str,
               build_date: dt.date) -> KitJob | None:
    if not curriculum.scenarios:
        return None
    html = kits_html(env, curriculum, curriculum.scenarios, site_name, build_date)
    source, pdf = workdir / "roleplay-kits.html", workdir / KIT_FILE
    source.write_text(html, encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "generator.paper.render_job", "--anchors", ANCHOR, str(source),
                                str(pdf)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return KitJob(list(curriculum.scenarios), kit_rubrics(curriculum, curriculum.scenarios), process, pdf,
                  time.perf_counter(), html)


def finish_kits(job: KitJob, site_dir: Path) -> KitResult:
    """Wait for the kits and move them into the site; a kit that does not fit its sheets, or a character
    without a glyph, fails the build naming the scenario's file."""
    out, err = job.process.communicate()
    try:
        report = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise PaperError(f"{KIT_FILE}: {text('D1110', exit=job.process.returncode, detail=err.strip()[-500:])}") from None
    if "error" in report:
        if report.get("missing"):
            raise PaperError("\n".join(glyph_problems(report["missing"], KIT_FILE, job.scenarios, job.rubrics)))
        raise PaperError(f"{KIT_FILE}: {report['error']}")
    problems = kit_problems(job.scenarios, report["anchors"], report["pages"])
    if problems:
        raise PaperError("\n".join(problems))
    target = site_dir / KIT_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(job.pdf), target)
    return KitResult(target, report["pages"], report["seconds"], job.html)


def cancel_kits(job: KitJob | None) -> None:
    if job is not None and job.process.poll() is None:
        job.process.kill()
        job.process.wait()


# --- the trainer pack: one file per scenario --------------------------------------------------------------


def write_kits(env: jinja2.Environment, curriculum: Curriculum, folder: Path, site_name: str,
               build_date: dt.date) -> list[tuple[Path, int]]:
    """Every scenario's kit as its own PDF, laid out once and cut into files."""
    if not curriculum.scenarios:
        return []
    html = kits_html(env, curriculum, curriculum.scenarios, site_name, build_date)
    try:
        document = render_document(html, "roleplay", STYLESHEET)
        starts = first_pages(document, ANCHOR)
        problems = kit_problems(curriculum.scenarios, starts, len(document.pages))
        if problems:
            raise PaperError("\n".join(problems))
        written = []
        for scenario in curriculum.scenarios:
            first = starts[scenario.id] - 1
            target = folder / f"{scenario.id}-kit.pdf"
            # A glyph can go missing here too: WeasyPrint embeds the fonts when it writes.
            kit = document.copy(document.pages[first:first + KIT_PAGES])
            kit.metadata = copy.copy(document.metadata)  # the copy shares it: each file its own title
            kit.metadata.title = f"课堂角色扮演套件：{scenario.title}"
            save_document(kit, target)
            written.append((target, KIT_PAGES))
    except PaperError as error:
        if not error.missing_characters:
            raise
        rubrics = kit_rubrics(curriculum, curriculum.scenarios)
        raise PaperError("\n".join(glyph_problems(list(error.missing_characters), f"{folder.name}/",
                                                   curriculum.scenarios, rubrics))) from None
    return written
