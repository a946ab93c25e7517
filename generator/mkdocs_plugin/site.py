"""What the plugin adds to a MkDocs site: generated pages, navigation and page links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import escape
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from generator.model.entities import Curriculum
from generator.site.names import HOME_PAGE, QUIZ_PAGE_PREFIX, generated_page_names, quiz_page_bank

__all__ = ["HOME_PAGE", "generated_page_names", "quiz_page_bank"]

DATA_SUFFIXES = (".yml", ".yaml")


def quiz_page_inputs(curriculum: Curriculum, page_names: dict[str, tuple[str, str]]) -> dict[str, int]:
    """Per generated milestone-quiz page (src_uri), a fingerprint of everything it is rendered from:
    its title, its bank and the competency model its results table names."""
    model = repr(curriculum.model)
    return {
        src_uri: hash((title, repr(curriculum.quiz_by_id[bank]), model))
        for name, (src_uri, title) in page_names.items()
        if (bank := quiz_page_bank(name))
    }


@dataclass
class PageLinks:
    """Relative URLs from one page to courses, paths and generated pages."""

    curriculum: Curriculum
    files: Files
    from_page: Page
    page_files: dict[str, tuple[str, str]]

    def _to(self, src_uri: str) -> str:
        target = self.files.get_file_from_path(src_uri)
        if target is None:
            raise KeyError(f"no page for {src_uri}")
        return get_relative_url(target.url, self.from_page.url)

    def course(self, course_id: str) -> str:
        return self._to(self.curriculum.course_by_id[course_id].src_path)

    def path(self, path_id: str) -> str:
        return self._to(self.curriculum.path_by_id[path_id].src_path)

    def quiz(self, bank_id: str) -> str:
        return self.page(QUIZ_PAGE_PREFIX + bank_id)

    def page(self, name: str) -> str:
        return self._to(HOME_PAGE if name == "home" else self.page_files[name][0])

    def asset(self, name: str) -> str:
        return get_relative_url(name, self.from_page.url)


def default_nav(curriculum: Curriculum, other_pages: list[str], pages: dict[str, tuple[str, str]]) -> list:
    """Home, catalog, paths, courses by tier, matrix, glossary, other pages, authoring guide."""
    tier_rank = {tier.id: tier.rank for tier in curriculum.model.tiers}
    nav: list = [{"首页": HOME_PAGE}, {pages["catalog"][1]: pages["catalog"][0]}]
    if curriculum.paths:
        ordered = sorted(curriculum.paths, key=lambda p: (tier_rank.get(p.tier.id, 99), p.src_path))
        nav.append({"学习路径": [p.src_path for p in ordered]})
    quizzes = [src for name, (src, _) in pages.items() if quiz_page_bank(name)]
    if quizzes:
        nav.append({"阶段测验": quizzes})
    courses = [
        {str(escape(tier.name)): _tier_nav(sorted(curriculum.courses_of_tier(tier.id), key=lambda c: c.src_path))}
        for tier in curriculum.model.tiers
        if curriculum.courses_of_tier(tier.id)
    ]
    if courses:
        nav.append({"课程": courses})
    nav.append({pages["competencies"][1]: pages["competencies"][0]})
    if "glossary" in pages:
        nav.append({pages["glossary"][1]: pages["glossary"][0]})
    nav.append({pages["updates"][1]: pages["updates"][0]})
    cases = [p for p in other_pages if p.startswith("cases/")]
    if cases:
        nav.append({"案例库": cases})
    nav.extend(p for p in other_pages if not p.startswith("cases/"))
    nav.append({pages["guide"][1]: pages["guide"][0]})
    return nav


NAV_GROUP_ABOVE = 30


def _tier_nav(courses: list) -> list:
    """A tier's courses; a large tier is split by folder, so that a pruned navigation stays small per page."""
    folders: dict[str, list] = {}
    for course in courses:
        folders.setdefault(str(PurePosixPath(course.src_path).parent), []).append(course)
    if len(courses) <= NAV_GROUP_ABOVE or len(folders) < 2:
        return [course.src_path for course in courses]
    return [{str(escape(_folder_title(folder, members))): [c.src_path for c in members]} for folder, members in folders.items()]


def _folder_title(folder: str, courses: list) -> str:
    """The tag every course of the folder carries, or else the folder's name."""
    shared = set(courses[0].tags).intersection(*(c.tags for c in courses[1:]))
    first = next((tag for tag in courses[0].tags if tag in shared), None)
    return first or PurePosixPath(folder).name


def ordinary_pages(docs_dir: str, curriculum: Curriculum, all_markdown: list[str]) -> list[str]:
    """Markdown pages that are neither home, course nor path."""
    taken = {HOME_PAGE, *(c.src_path for c in curriculum.courses), *(p.src_path for p in curriculum.paths)}
    return sorted(p for p in all_markdown if p not in taken)


def is_data_file(src_uri: str) -> bool:
    return PurePosixPath(src_uri).suffix in DATA_SUFFIXES


PageRenderer = Callable[[PageLinks], str]
