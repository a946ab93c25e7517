"""The portal's navigation when mkdocs.yml has none: home, catalog, paths, milestone quizzes, scenarios, courses by
tier (a large tier by folder), matrix, glossary, updates, cases, other pages, the authoring guide.

Every entry the portal knows the title of carries it: a previewing --dirty rebuild reads only the changed
pages, and an entry whose title would come from an unread page shows no title."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from markupsafe import escape

from generator.model.entities import Course
from generator.site.names import HOME_PAGE

if TYPE_CHECKING:
    from generator.site.site import Site

# A nav entry: a source URI, or {title: source URI or [entries]}.
NavEntry = str | dict[str, "str | list[NavEntry]"]
NAV_GROUP_ABOVE = 30


def default_nav(site: Site, other_pages: list[str]) -> list[NavEntry]:
    curriculum = site.curriculum
    tier_rank = {tier.id: tier.rank for tier in curriculum.model.tiers}
    nav: list[NavEntry] = [{"首页": HOME_PAGE}, _entry(site, "catalog")]
    if site.has("review"):
        nav.append(_entry(site, "review"))
    if curriculum.paths:
        ordered = sorted(curriculum.paths, key=lambda p: (tier_rank.get(p.tier.id, 99), p.src_path))
        nav.append({"学习路径": _by_tier(site, [(p.tier.id, _titled(p.title, p.src_path)) for p in ordered])})
    path_tier = {step.quiz.id: path.tier.id for path in curriculum.paths for step in path.steps
                 if step.milestone is not None and step.quiz}
    quizzes = [(path_tier.get(page.bank.id, ""), _titled(page.title or "", page.src_uri))
               for page in site.milestone_pages()]
    if quizzes:
        nav.append({"阶段测验": _by_tier(site, quizzes)})
    if curriculum.scenarios:
        nav.append({"情景模拟": _scenario_nav(site, tier_rank)})
    if curriculum.cohorts:
        newest = sorted(site.cohort_pages(), key=lambda p: (p.cohort.start or dt.date.min, p.src_uri), reverse=True)
        nav.append({"培训班": [_titled(page.title or "", page.src_uri) for page in newest]})
    courses: list[NavEntry] = [
        {str(escape(tier.name)): _tier_nav(sorted(curriculum.courses_of_tier(tier.id), key=lambda c: c.src_path))}
        for tier in curriculum.model.tiers
        if curriculum.courses_of_tier(tier.id)
    ]
    if courses:
        nav.append({"课程": courses})
    nav.append(_entry(site, "competencies"))
    if site.has("glossary"):
        nav.append(_entry(site, "glossary"))
    nav.append(_entry(site, "updates"))
    if site.has("cases"):
        nav.append({"案例库": _case_nav(site, tier_rank)})
    nav.extend(other_pages)
    nav.append(_entry(site, "guide"))
    return nav


def _titled(title: str, src_uri: str) -> NavEntry:
    return {str(escape(title)): src_uri}  # themes print navigation titles unescaped


def _entry(site: Site, name: str) -> NavEntry:
    page = site.named(name)
    return {str(page.title): page.src_uri}


def _scenario_nav(site: Site, tier_rank: dict[str, int]) -> list[NavEntry]:
    """Role-plays by tier."""
    pages = sorted(site.scenario_pages(), key=lambda p: (tier_rank.get(p.scenario.tier.id, 99), p.src_uri)
                   if p.scenario else (99, p.src_uri))
    return _by_tier(site, [(page.scenario.tier.id if page.scenario else "", _titled(page.title or "", page.src_uri))
                           for page in pages])


def _by_tier(site: Site, entries: list[tuple[str, NavEntry]]) -> list[NavEntry]:
    """The entries of a section; many of them are grouped under their tiers' names. A section at the top of the
    navigation is open on every page: grouped, a pruned navigation shows only the group of the page."""
    if len(entries) <= NAV_GROUP_ABOVE:
        return [entry for _, entry in entries]
    names = {tier.id: tier.name for tier in site.curriculum.model.tiers}
    groups: dict[str, list[NavEntry]] = {}
    for tier, entry in entries:
        groups.setdefault(str(escape(names.get(tier, tier) or "其他")), []).append(entry)
    return [{name: members} for name, members in groups.items()]


def _case_nav(site: Site, tier_rank: dict[str, int]) -> list[NavEntry]:
    """The library's listing first (the section's own page), then the cases by tier, benchmarks first; many of
    them are grouped under their tiers' names."""
    cases = sorted(site.curriculum.cases, key=lambda c: (tier_rank.get(c.tier.id, 99), c.kind != "benchmark", c.src_path))
    entries = [_titled(case.title, case.src_path) for case in cases]
    if len(cases) > NAV_GROUP_ABOVE:
        names = {tier.id: tier.name for tier in site.curriculum.model.tiers}
        groups: dict[str, list[NavEntry]] = {}
        for case, entry in zip(cases, entries):
            groups.setdefault(str(escape(names.get(case.tier.id, case.tier.id))), []).append(entry)
        entries = [{name: members} for name, members in groups.items()]
    return [site.named("cases").src_uri, *entries]


def _tier_nav(courses: list[Course]) -> list[NavEntry]:
    """A tier's courses; a large tier is split by folder, so that a pruned navigation stays small per page."""
    folders: dict[str, list[Course]] = {}
    for course in courses:
        folders.setdefault(str(PurePosixPath(course.src_path).parent), []).append(course)
    if len(courses) <= NAV_GROUP_ABOVE or len(folders) < 2:
        return [_titled(course.title, course.src_path) for course in courses]
    return [{str(escape(_folder_title(folder, members))): [_titled(c.title, c.src_path) for c in members]}
            for folder, members in folders.items()]


def _folder_title(folder: str, courses: list[Course]) -> str:
    """The tag every course of the folder carries, or else the folder's name."""
    shared = set(courses[0].tags).intersection(*(c.tags for c in courses[1:]))
    first = next((tag for tag in courses[0].tags if tag in shared), None)
    return first or PurePosixPath(folder).name
