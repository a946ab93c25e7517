"""One class per kind of page the portal has: where its source is, its title, and the parts the portal adds
to what the engine renders from the Markdown. No engine imports: an engine adapter asks each page for
its source (generated pages) and for its parts, and places them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from generator.model.entities import Case, Course, LearningPath, QuizBank, Scenario
from generator.model.programme import Cohort
from generator.render import portal_parts as render
from generator.render import cases as case_render
from generator.render import cohort as cohort_render
from generator.render import review as review_render
from generator.render import scenario as scenario_render
from generator.render.quiz import render_quiz
from generator.search.terms import courses_by_term, search_keywords
from generator.site.kit_file import KIT_FILE

if TYPE_CHECKING:
    from generator.site.links import SiteLinks
    from generator.site.site import Site

# The home page's generated part goes where this marker is (or at the end of the page).
HOME_MARKER = "<!-- training:home -->"
HOME_PAGE = "index.md"
QUIZ_FOLDER = "quizzes"  # quizzes/<bank id>.md: the pages of milestone quizzes
SCENARIO_FOLDER = "scenarios"  # scenarios/<scenario id>.md: the role-play pages
COHORT_FOLDER = "cohorts"  # cohorts/<cohort id>.md: the programme pages (the YAML is not published)
REVIEW_PAGE = "review.md"  # the daily review, when a course has key facts
REVIEW_TITLE = "每日复习"
CASE_LIBRARY = "cases/index.md"  # the case library's listing (the cases are the trainers' own files under cases/)


@dataclass
class PageParts:
    before: str = ""  # above the trainer's text (a course's card)
    after: str = ""  # below it (rubric, path steps, listings)
    deferred: str = ""  # joins the page after search has indexed it: quiz answers stay out of the index
    home: str | None = None  # replaces HOME_MARKER
    meta: dict[str, Any] = field(default_factory=dict)  # page meta for the engine (search boost)
    scripts: tuple[str, ...] = ()  # the page's own browser modules (generator.browser.ENTRIES), besides learn.js
    styles: tuple[str, ...] = ()  # the page's own stylesheets (assets/training/pages/<name>.css), after training.css


@dataclass
class SitePage:
    """A page of the portal. `title` is None for a page that takes its title from its own front matter."""

    src_uri: str
    title: str | None = None
    generated: ClassVar[bool] = False

    def front_matter(self, site: Site) -> dict[str, Any]:
        return {"title": self.title}

    def body(self, site: Site) -> str:
        return ""

    def source(self, site: Site) -> str:
        """The Markdown of a generated page: front matter (JSON is YAML) and body."""
        lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in self.front_matter(site).items()]
        return "---\n" + "\n".join(lines) + "\n---\n\n" + self.body(site)

    def markdown(self, text: str, title: str) -> str | None:
        """The Markdown to render instead of `text`, or None to keep it; `title` is the page's title."""
        return None

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        return PageParts()

    def fingerprint(self, site: Site) -> int | None:
        """Everything a generated page is rendered from, besides what every page shows (Site.shared_fingerprint):
        a preview keeps the page while it is unchanged. None: rendered again on every rebuild."""
        return None


@dataclass
class OrdinaryPage(SitePage):
    """A trainer's Markdown page the portal adds nothing to."""


@dataclass
class HomePage(SitePage):
    """The home page (index.md): the trainer's text, then paths, 我的学习 and, with key facts, 今日复习."""

    def markdown(self, text: str, title: str) -> str | None:
        # The home page is headed by the portal's name, not by its navigation label (首页).
        heading = "" if any(line.startswith("# ") for line in text.splitlines()) else f"# {title}\n\n"
        marker = "" if HOME_MARKER in text else f"\n\n{HOME_MARKER}\n"
        return f"{heading}{text}{marker}" if heading or marker else None

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        handbooks = site.curriculum.handbooks if site.options.handbook_pdfs else []
        home = render.render_home(site.env, site.curriculum, links, site.today, handbooks=handbooks,
                                  records=site.options.records)
        if not site.has("review"):
            return PageParts(home=home, scripts=("transfer",), styles=("home",))
        due = review_render.render_review_due(site.env, site.curriculum, links.page("review"))
        return PageParts(home=due + home, scripts=("transfer", "review-due"), styles=("home",))

    def fingerprint(self, site: Site) -> int | None:
        # Review dates, key facts, cohorts and handbooks, which the shared fingerprint leaves out, show here too.
        return site.content_fingerprint()


@dataclass
class CoursePage(SitePage):
    course: Course = field(kw_only=True)

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        course, curriculum = self.course, site.curriculum
        card = render.render_course_card(site.env, curriculum, course, links, site.today,
                                         site.handbooks_by_course.get(course.id, []))
        rubric = render.render_rubric(site.env, curriculum, curriculum.rubric_by_id[course.rubric.id]) if course.rubric else ""
        quiz = render_quiz(site.env, curriculum, curriculum.quiz_by_id[course.quiz.id], course.id,
                           course.version) if course.quiz else ""
        done = render.render_course_complete(site.env, course)
        scenarios = scenario_render.render_course_scenarios(site.env, curriculum, course.id, links)
        cases = case_render.render_course_cases(site.env, curriculum, course.id, links)
        return PageParts(before=card, after=done + rubric, deferred=quiz + scenarios + cases,
                         meta={"tags": search_keywords(curriculum, course)}, scripts=("scenario",) if scenarios else (),
                         styles=("scenario",) if scenarios else ())


@dataclass
class PathPage(SitePage):
    path: LearningPath = field(kw_only=True)

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        steps, details = render.render_path(site.env, site.curriculum, self.path, links, site.today)
        return PageParts(before=steps, after=details, meta={"training_mermaid": True})


@dataclass
class MilestoneQuizPage(SitePage):
    """The page of a bank that a path milestone checks with: quizzes/<bank id>/."""

    bank: QuizBank = field(kw_only=True)
    generated: ClassVar[bool] = True

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        context = render.render_milestone(site.env, site.curriculum, self.bank.id, links)
        return PageParts(before=context, deferred=render_quiz(site.env, site.curriculum, self.bank),
                         )

    def fingerprint(self, site: Site) -> int:
        """Everything the page is rendered from: its title, its bank, the model its results table names and the
        paths whose milestone it is (their titles, plans and steps)."""
        return hash((self.title, repr(self.bank), site.once("milestone paths", self._paths_and_model)))

    @staticmethod
    def _paths_and_model(site: Site) -> int:
        paths = [(p.id, p.title, p.target_days, p.steps) for p in site.curriculum.paths
                 if any(getattr(step, "milestone", None) for step in p.steps)]
        return hash((repr(site.curriculum.model), repr(paths)))


@dataclass
class ScenarioPage(SitePage):
    """A role-play: scenarios/<id>/. Its situation and brief are indexed; the conversation is not."""

    scenario: Scenario = field(kw_only=True)
    generated: ClassVar[bool] = True

    def front_matter(self, site: Site) -> dict[str, Any]:
        # Found by its title and situation, but below the courses that teach what it practises.
        return {"title": self.title, "search": {"boost": 0.25}}

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        pages = site.kit_pages(self.scenario.id)
        kit = {"url": f"{links.asset(KIT_FILE)}#page={pages[0]}", "first": pages[0], "last": pages[1]} if pages else None
        intro = scenario_render.render_scenario_intro(site.env, site.curriculum, self.scenario, links, kit)
        player = scenario_render.render_player(site.env, site.curriculum, self.scenario, heading=False)
        return PageParts(before=intro, deferred=player, scripts=("scenario",), styles=("scenario",))

    def fingerprint(self, site: Site) -> int:
        """Everything the page is rendered from: the scenario, its rubric, its courses and the paths it is in."""
        rubric = site.curriculum.rubric_by_id.get(self.scenario.rubric.id)
        return hash((self.title, repr(self.scenario), repr(rubric), site.once("scenario context", self._context),
                     site.kit_pages(self.scenario.id)))

    @staticmethod
    def _context(site: Site) -> int:
        curriculum = site.curriculum
        return hash((repr([(c.id, c.title, c.src_path) for c in curriculum.courses]),
                     repr([(p.id, p.title, p.steps) for p in curriculum.paths]), repr(curriculum.model.tiers)))


@dataclass
class CasePage(SitePage):
    """A call case: the trainer's own file under cases/. Its title, summary and text are indexed; the transcript,
    the scoring form and the expert's scores join after indexing."""

    case: Case = field(kw_only=True)

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        intro = case_render.render_case_intro(site.env, site.curriculum, self.case, links)
        scoring = case_render.render_case(site.env, site.curriculum, self.case)
        # Found by its title and background, below the courses that teach what it shows.
        return PageParts(before=intro, deferred=scoring,
                         meta={"search": {"boost": 0.25}}, scripts=("case",), styles=("case",))


@dataclass
class ListingPage(SitePage):
    """A generated list of courses (catalog, matrix, updates): the course pages themselves are what search
    should find, so listings stay out of the index."""

    generated: ClassVar[bool] = True
    scripts: ClassVar[tuple[str, ...]] = ()  # the listing's own browser modules (PageParts.scripts)
    styles: ClassVar[tuple[str, ...]] = ()  # and stylesheets (PageParts.styles)

    def front_matter(self, site: Site) -> dict[str, Any]:
        return {"title": self.title, "search": {"exclude": True}}

    def listing(self, site: Site, links: SiteLinks) -> str:
        raise NotImplementedError

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        return PageParts(after=self.listing(site, links), scripts=self.scripts, styles=self.styles)

    def fingerprint(self, site: Site) -> int | None:
        return site.content_fingerprint()  # a listing shows courses' facts, never their text


@dataclass
class CaseLibraryPage(ListingPage):
    """The case library: every case by tier, benchmarks first (cases/). A listing: search finds the cases."""

    styles: ClassVar[tuple[str, ...]] = ("case",)

    def listing(self, site: Site, links: SiteLinks) -> str:
        return case_render.render_case_library(site.env, site.curriculum, links)


@dataclass
class ReviewPage(ListingPage):
    """The daily review (每日复习): review/, the key facts of the courses a learner finished, scheduled in the
    browser. Not searched: the facts are found in their courses."""

    scripts: ClassVar[tuple[str, ...]] = ("review",)
    styles: ClassVar[tuple[str, ...]] = ("review",)

    def listing(self, site: Site, links: SiteLinks) -> str:
        return review_render.render_review(site.env, site.curriculum, links)


@dataclass
class CohortPage(SitePage):
    """A training programme: cohorts/<id>/, with its calendar at cohorts/<id>.ics."""

    cohort: Cohort = field(kw_only=True)
    generated: ClassVar[bool] = True

    def front_matter(self, site: Site) -> dict[str, Any]:
        # For the people in it and their managers; agents' searches for a topic should find courses.
        return {"title": self.title, "search": {"exclude": True}}

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        html = cohort_render.render_cohort(site.env, site.curriculum, self.cohort, links, site.today)
        return PageParts(after=html, scripts=("cohort",), styles=("cohort",))

    def fingerprint(self, site: Site) -> int | None:
        return site.content_fingerprint()


@dataclass
class CatalogPage(ListingPage):
    """The course catalog (catalog/): every course with its filters."""

    scripts: ClassVar[tuple[str, ...]] = ("catalog",)  # only the catalog loads its filter script
    styles: ClassVar[tuple[str, ...]] = ("catalog",)

    def listing(self, site: Site, links: SiteLinks) -> str:
        return render.render_catalog(site.env, site.curriculum, links, site.today)


@dataclass
class CompetencyMatrixPage(ListingPage):
    """The competency matrix (胜任力矩阵, competencies/): courses by competency and tier."""

    styles: ClassVar[tuple[str, ...]] = ("competencies",)
    def listing(self, site: Site, links: SiteLinks) -> str:
        return render.render_matrix(site.env, site.curriculum, links, site.today)


@dataclass
class UpdatesPage(ListingPage):
    """What changed in the content lately (内容更新, updates/), from the git history."""

    styles: ClassVar[tuple[str, ...]] = ("updates",)
    def listing(self, site: Site, links: SiteLinks) -> str:
        return render.render_updates(site.env, site.curriculum, links, site.today, site.file_changes)


@dataclass
class GlossaryPage(SitePage):
    generated: ClassVar[bool] = True

    def front_matter(self, site: Site) -> dict[str, Any]:
        # A term's definition is the best answer to a search for it or any of its aliases.
        return {"title": self.title, "search": {"boost": 3}}

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        return PageParts(after=render.render_glossary(site.env, site.curriculum, links, site.today), styles=("glossary",))

    def fingerprint(self, site: Site) -> int | None:
        # Each term lists the courses whose text uses it: a course's text counts only through the terms it uses.
        uses = {term: [course.id for course in courses] for term, courses in courses_by_term(site.curriculum).items()}
        return hash((site.content_fingerprint(), repr(uses)))


@dataclass
class GuidePage(SitePage):
    generated: ClassVar[bool] = True

    def front_matter(self, site: Site) -> dict[str, Any]:
        # Written for trainers: agents' searches should not land here (the navigation reaches it).
        return {"title": self.title, "search": {"exclude": True}}

    def body(self, site: Site) -> str:
        return site.env.get_template("training/guide.md").render(curriculum=site.curriculum)

    def parts(self, site: Site, links: SiteLinks) -> PageParts:
        return PageParts()

    def fingerprint(self, site: Site) -> int | None:
        return site.content_fingerprint()


# Generated pages by name: (class, source URI, title).
GENERATED = {
    "catalog": (CatalogPage, "catalog.md", "课程目录"),
    "competencies": (CompetencyMatrixPage, "competencies.md", "胜任力矩阵"),
    "glossary": (GlossaryPage, "glossary.md", "术语表"),
    "updates": (UpdatesPage, "updates.md", "内容更新"),
    "guide": (GuidePage, "guide.md", "编写指南"),
}
