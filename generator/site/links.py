"""Page addresses and the relative links between pages, as a static site with directory URLs has them."""

from __future__ import annotations

from posixpath import normpath
from typing import TYPE_CHECKING

from generator.model.content_reader import page_url

if TYPE_CHECKING:
    from generator.site.site import Site


def output_url(src_uri: str, directory_urls: bool = True) -> str:
    """The address of a Markdown source: a/b.md is a/b/ (or a/b.html), a/index.md and a/README.md are a/."""
    if directory_urls:
        return page_url(src_uri)
    stem, _, _ = src_uri.rpartition(".")
    folder, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        stem = f"{folder}/index" if folder else "index"
    return stem + ".html"


def _parts(url: str) -> list[str]:
    normal = normpath(url if url.startswith("/") else "/" + url)[1:]
    return normal.split("/") if normal else []


def relative_url(url: str, other: str) -> str:
    """`url` relative to the page at `other`, both site-root-relative (MkDocs' get_relative_url)."""
    folder, _, name = other.rpartition("/")
    if "." in name:
        other = folder
    other_parts, target = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, target):
        if a != b:
            break
        common += 1
    relative = "/".join([".."] * (len(other_parts) - common) + target[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


class SiteLinks:
    """Relative addresses from one page to courses, paths, milestone quizzes, generated pages and files
    (the `Links` the renderers ask)."""

    def __init__(self, site: Site, from_url: str) -> None:
        self.site = site
        self.from_url = from_url

    def _to(self, src_uri: str) -> str:
        return relative_url(self.site.url(src_uri), self.from_url)

    def course(self, course_id: str) -> str:
        return self._to(self.site.curriculum.course_by_id[course_id].src_path)

    def path(self, path_id: str) -> str:
        return self._to(self.site.curriculum.path_by_id[path_id].src_path)

    def quiz(self, bank_id: str) -> str:
        return self._to(self.site.milestone_page(bank_id).src_uri)

    def scenario(self, scenario_id: str) -> str:
        return self._to(self.site.scenario_page(scenario_id).src_uri)

    def cohort(self, cohort_id: str) -> str:
        return self._to(self.site.cohort_page(cohort_id).src_uri)

    def case(self, case_id: str) -> str:
        return self._to(self.site.curriculum.case_by_id[case_id].src_path)

    def page(self, name: str) -> str:
        return self._to(self.site.named(name).src_uri)

    def asset(self, name: str) -> str:
        return relative_url(name, self.from_url)
