"""Page addresses and the relative links between pages, as a static site with directory URLs has them."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.site.site import Site


def relative_url(url: str, other: str) -> str:
    """`url` relative to the page at `other`, both site-root-relative, as MkDocs' get_relative_url has it: from
    the folder of a file address (a/b.html) or the address itself (a/b/), a trailing slash kept."""
    folder, _, name = other.rpartition("/")
    start = folder if "." in name else other
    relative = posixpath.relpath("/" + url, "/" + start)
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
