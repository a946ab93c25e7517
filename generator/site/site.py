"""The portal as a set of pages: built once per build from the curriculum, asked by the engine adapter
which pages exist, what each one's source and parts are, how the navigation runs and where links go."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import jinja2

from generator import browser
from generator.governance.git_history import FileChange
from generator.model.content_reader import page_url
from generator.model.entities import Curriculum, Handbook
from generator.model.handbooks import handbook_courses
from generator.model.layout import ContentLayout
from generator.model.load import load_curriculum
from generator.model.source import ContentCache
from generator.render.cohort import calendar_file, cohort_calendar
from generator.render.environment import TemplateBytecodeCache, create_environment, template_bytecode_cache
from generator.render.progress import milestone_quizzes, path_data
from generator.site.kit_file import kit_pages
from generator.site.links import SiteLinks
from generator.site.names import check_page_names
from generator.site.navigation import NavEntry, default_nav
from generator.site.options import SiteOptions
from generator.site.pages import (
    GENERATED,
    HOME_PAGE,
    QUIZ_FOLDER,
    COHORT_FOLDER,
    SCENARIO_FOLDER,
    CASE_LIBRARY,
    REVIEW_PAGE,
    REVIEW_TITLE,
    ReviewPage,
    CaseLibraryPage,
    CasePage,
    CohortPage,
    CoursePage,
    HomePage,
    MilestoneQuizPage,
    OrdinaryPage,
    PathPage,
    ScenarioPage,
    SitePage,
)

# The key of Site.fingerprints that stands for what every page shows (no page has an empty path).
SHARED_FINGERPRINT = ""
T = TypeVar("T")

# Descriptions of content objects by identity: a preview's reload hands back the same course and bank objects for
# unchanged files (ContentCache), so a fingerprint describes only what changed. Each entry holds its object.
_DESCRIPTIONS: dict[int, tuple[object, str]] = {}
_DESCRIPTIONS_LIMIT = 50_000


def _described(item: T, describe: Callable[[T], str]) -> str:
    known = _DESCRIPTIONS.get(id(item))
    if known is not None and known[0] is item:
        return known[1]
    if len(_DESCRIPTIONS) >= _DESCRIPTIONS_LIMIT:
        _DESCRIPTIONS.clear()
    text = describe(item)
    _DESCRIPTIONS[id(item)] = (item, text)
    return text


@dataclass
class SiteCache:
    """What a previewing process keeps from one rebuild to the next: parsed content files, loaded banks,
    the portal's template environments and the compiled theme templates (an engine makes a new theme
    environment per build and would compile every template again)."""

    content: ContentCache = field(default_factory=ContentCache)
    environments: dict[tuple[str, ...], jinja2.Environment] = field(default_factory=dict)
    theme_bytecode: TemplateBytecodeCache = field(default_factory=template_bytecode_cache)

    def environment(self, template_dirs: tuple[str, ...]) -> jinja2.Environment:
        if template_dirs not in self.environments:
            self.environments[template_dirs] = create_environment(template_dirs)
        return self.environments[template_dirs]


def load_site_content(layout: ContentLayout, cache: SiteCache | None = None) -> Curriculum:
    """The curriculum, checked as the portal needs it: the content contract and the page names it reserves."""
    return load_curriculum(layout, checks=[lambda c, log: check_page_names(c, log, layout.docs_dir)],
                           cache=cache.content if cache else None)


class Site:
    def __init__(self, curriculum: Curriculum, options: SiteOptions, env: jinja2.Environment,
                 file_changes: dict[str, FileChange] | None = None, directory_urls: bool = True) -> None:
        self.curriculum = curriculum
        self.options = options
        self.env = env
        self.today = options.today()
        self.file_changes = file_changes or {}
        self.directory_urls = directory_urls
        self._once: dict[str, int] = {}
        pages: list[SitePage] = [HomePage(HOME_PAGE)]
        pages += [CoursePage(course.src_path, course=course) for course in curriculum.courses]
        pages += [PathPage(path.src_path, path=path) for path in curriculum.paths]
        self._milestones = {bank_id: MilestoneQuizPage(f"{QUIZ_FOLDER}/{bank_id}.md", curriculum.quiz_by_id[bank_id].title,
                                                       bank=curriculum.quiz_by_id[bank_id])
                            for bank_id in milestone_quizzes(curriculum)}
        pages += self._milestones.values()
        self._scenarios = {scenario.id: ScenarioPage(f"{SCENARIO_FOLDER}/{scenario.id}.md", scenario.title,
                                                     scenario=scenario) for scenario in curriculum.scenarios}
        pages += self._scenarios.values()
        self._cohorts = {cohort.id: CohortPage(f"{COHORT_FOLDER}/{cohort.id}.md", cohort.title, cohort=cohort)
                         for cohort in curriculum.cohorts}
        pages += self._cohorts.values()
        self._cases = {case.id: CasePage(case.src_path, case.title, case=case) for case in curriculum.cases}
        pages += self._cases.values()
        self._named: dict[str, SitePage] = {
            name: kind(src, title) for name, (kind, src, title) in GENERATED.items()
            if name != "glossary" or curriculum.glossary
        }
        if curriculum.cases:
            self._named["cases"] = CaseLibraryPage(CASE_LIBRARY, "案例库")
        if any(course.key_facts for course in curriculum.courses):
            self._named["review"] = ReviewPage(REVIEW_PAGE, REVIEW_TITLE)
        pages += self._named.values()
        self._named["home"] = pages[0]
        self.pages = pages
        self._by_src = {page.src_uri: page for page in pages}
        self.handbooks_by_course: dict[str, list[Handbook]] = {}
        if options.handbook_pdfs:
            for handbook in curriculum.handbooks:
                for course in handbook_courses(curriculum, handbook):
                    self.handbooks_by_course.setdefault(course.id, []).append(handbook)

    # --- lookup ---------------------------------------------------------------------------------------

    def page(self, src_uri: str) -> SitePage:
        """The page of a source; a Markdown file the portal knows nothing special about is an ordinary page."""
        return self._by_src.get(src_uri) or OrdinaryPage(src_uri)

    def generated_pages(self) -> list[SitePage]:
        return [page for page in self.pages if page.generated]

    def named(self, name: str) -> SitePage:
        return self._named[name]

    def has(self, name: str) -> bool:
        return name in self._named

    def milestone_pages(self) -> list[MilestoneQuizPage]:
        return list(self._milestones.values())

    def milestone_page(self, bank_id: str) -> MilestoneQuizPage:
        return self._milestones[bank_id]

    def scenario_pages(self) -> list[ScenarioPage]:
        return list(self._scenarios.values())

    def scenario_page(self, scenario_id: str) -> ScenarioPage:
        return self._scenarios[scenario_id]

    def case_pages(self) -> list[CasePage]:
        return list(self._cases.values())

    def case_page(self, case_id: str) -> CasePage:
        return self._cases[case_id]

    def cohort_pages(self) -> list[CohortPage]:
        return list(self._cohorts.values())

    def cohort_page(self, cohort_id: str) -> CohortPage:
        return self._cohorts[cohort_id]

    def generated_files(self) -> dict[str, bytes]:
        """Files the site adds besides pages: each cohort's calendar, and the learning-records settings when
        records are on (the browser modules themselves are the same on every site: generator.browser)."""
        files = {calendar_file(cohort.id): cohort_calendar(self.curriculum, cohort, self.today)
                 for cohort in self.curriculum.cohorts}
        if self.options.records:
            paths = [path_data(self.curriculum, path, None) for path in self.curriculum.paths]
            files[browser.path(browser.RECORDS_SETTINGS)] = browser.records_settings_module(
                self.options.records_endpoint, self.options.records_whoami, paths).encode("utf-8")
        return files

    def kit_pages(self, scenario_id: str) -> tuple[int, int] | None:
        """Where a scenario's role-play kit is in the site's kit file (KIT_FILE), when the site prints kits."""
        return kit_pages(self.curriculum, scenario_id) if self.options.roleplay_kits else None

    # --- addresses and navigation ---------------------------------------------------------------------

    def url(self, src_uri: str) -> str:
        return page_url(src_uri, self.directory_urls)

    def links(self, src_uri: str) -> SiteLinks:
        return SiteLinks(self, self.url(src_uri))

    def navigation(self) -> list[NavEntry]:
        taken = {HOME_PAGE, *(c.src_path for c in self.curriculum.courses), *(p.src_path for p in self.curriculum.paths),
                 *(c.src_path for c in self.curriculum.cases)}
        return default_nav(self, sorted(p for p in self.curriculum.pages if p not in taken))

    def fingerprints(self) -> dict[str, int]:
        """Per generated page that can tell (SitePage.fingerprint), and for the home page, a fingerprint of everything
        it is rendered from: a preview keeps a generated page whose fingerprint is unchanged and renders the home page
        again when its fingerprint changed."""
        pages = [(page.src_uri, page.fingerprint(self)) for page in [*self.generated_pages(), self.named("home")]]
        return {SHARED_FINGERPRINT: self.shared_fingerprint(), **{src: print_ for src, print_ in pages if print_ is not None}}

    def content_fingerprint(self) -> int:
        """Everything the site is built from but the courses' text (their Markdown bodies): the curriculum, today's
        date, the git history and the options. The listings, cohorts and the guide show no more."""
        return self.once("content", Site._content)

    def _content(self) -> int:
        curriculum = self.curriculum
        courses = [_described(course, lambda c: repr(dataclasses.replace(c, body=""))) for course in curriculum.courses]
        banks = [_described(bank, repr) for bank in curriculum.quizzes]
        rest = [getattr(curriculum, item.name) for item in dataclasses.fields(curriculum)
                if item.name not in ("courses", "quizzes")]
        return hash((tuple(courses), tuple(banks), repr(rest), self.today, repr(sorted(self.file_changes.items())),
                     repr(self.options), self.directory_urls))

    def once(self, name: str, compute: Callable[[Site], int]) -> int:
        """A fingerprint that many pages share, computed once per build."""
        if name not in self._once:
            self._once[name] = compute(self)
        return self._once[name]

    def shared_fingerprint(self) -> int:
        """What pages show of other content, Markdown pages included: the navigation (every title), the courses'
        cards and the paths' steps (home, catalog, path pages). A preview renders every page again when it changes."""
        c = self.curriculum
        return hash((repr(self.navigation()),
                     repr([(x.id, x.title, x.tier, x.duration, x.summary, x.tags, x.src_path) for x in c.courses]),
                     repr([(x.id, x.title, x.target_days, x.steps) for x in c.paths]),
                     repr([(x.id, x.title) for x in c.scenarios]), repr([(x.id, x.title) for x in c.cohorts])))
