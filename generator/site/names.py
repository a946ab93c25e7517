"""The source names the portal's generated pages take in docs_dir, which trainers' files must leave free."""

from __future__ import annotations

from generator.errors import ProblemLog
from generator.model.entities import Curriculum
from generator.model.content_reader import page_url
from generator.render.progress import milestone_quizzes
from generator.site.pages import (CASE_LIBRARY, COHORT_FOLDER, GENERATED, HOME_PAGE, QUIZ_FOLDER, REVIEW_PAGE,
                                  REVIEW_TITLE, SCENARIO_FOLDER)

__all__ = ["HOME_PAGE", "check_page_names", "generated_sources"]


def generated_sources(curriculum: Curriculum) -> dict[str, str]:
    """Source URI -> title of every page the portal generates for this curriculum."""
    sources = {src: title for name, (_, src, title) in GENERATED.items() if name != "glossary" or curriculum.glossary}
    for bank_id in milestone_quizzes(curriculum):
        sources[f"{QUIZ_FOLDER}/{bank_id}.md"] = curriculum.quiz_by_id[bank_id].title
    for scenario in curriculum.scenarios:
        sources[f"{SCENARIO_FOLDER}/{scenario.id}.md"] = scenario.title
    for cohort in curriculum.cohorts:
        sources[f"{COHORT_FOLDER}/{cohort.id}.md"] = cohort.title
    if curriculum.cases:
        sources[CASE_LIBRARY] = "案例库"
    if any(course.key_facts for course in curriculum.courses):
        sources[REVIEW_PAGE] = REVIEW_TITLE
    return sources


def check_page_names(curriculum: Curriculum, log: ProblemLog, docs_dir: str = "curriculum") -> None:
    """A trainer's page at the address of a generated page would be replaced by it."""
    generated = {page_url(src).casefold(): title for src, title in generated_sources(curriculum).items()}
    for page in curriculum.pages:
        title = generated.get(page_url(page).casefold())
        if title is not None:
            log.add(f"{docs_dir}/{page}", 0, "", "F116", title=title)
