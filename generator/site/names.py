"""The pages the portal generates, and the source names they reserve in docs_dir."""

from __future__ import annotations

from generator.errors import ProblemLog
from generator.model.entities import Curriculum
from generator.model.load import page_url
from generator.render.progress import milestone_quizzes

GENERATED_PAGES = {
    "catalog": ("catalog.md", "课程目录"),
    "competencies": ("competencies.md", "胜任力矩阵"),
    "glossary": ("glossary.md", "术语表"),
    "updates": ("updates.md", "内容更新"),
}
GUIDE_PAGE = ("guide.md", "编写指南")
HOME_PAGE = "index.md"
QUIZ_PAGE_PREFIX = "quiz:"


def generated_page_names(curriculum: Curriculum) -> dict[str, tuple[str, str]]:
    """name -> (source URI, title) of every page the portal generates."""
    pages = dict(GENERATED_PAGES)
    if not curriculum.glossary:
        pages.pop("glossary")
    for bank_id in milestone_quizzes(curriculum):
        pages[QUIZ_PAGE_PREFIX + bank_id] = (f"quizzes/{bank_id}.md", curriculum.quiz_by_id[bank_id].title)
    pages["guide"] = GUIDE_PAGE
    return pages


def quiz_page_bank(name: str) -> str | None:
    return name[len(QUIZ_PAGE_PREFIX):] if name.startswith(QUIZ_PAGE_PREFIX) else None


def check_page_names(curriculum: Curriculum, log: ProblemLog, docs_dir: str = "curriculum") -> None:
    """A trainer's page at the address of a generated page would be replaced by it."""
    generated = {page_url(src).casefold(): title for src, title in generated_page_names(curriculum).values()}
    for page in curriculum.pages:
        title = generated.get(page_url(page).casefold())
        if title is not None:
            log.add(f"{docs_dir}/{page}", 0, "", f"this address is reserved for the generated page “{title}”; "
                                                 f"rename or move the file")
