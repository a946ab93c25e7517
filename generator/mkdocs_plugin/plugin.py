"""MkDocs plugin `training`: event methods stay thin and delegate to the model and renderers."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from pathlib import Path

import jinja2
import jinja2.bccache
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator.errors import ContentError
from generator.governance.git_history import last_change_dates
from generator.mkdocs_plugin import site
from generator.mkdocs_plugin.config import TrainingConfig
from generator.model import Course, Curriculum, LearningPath, load_curriculum
from generator.model.handbooks import handbook_courses
from generator.model.load import ContentLayout
from generator.paper.handbook import (
    RenderedCourse,
    cancel_handbooks,
    finish_handbooks,
    handbook_file,
    start_handbooks,
)
from generator.paper.pdf import PaperError, require_cjk_fonts
from generator.html_audit import audit_html
from generator.model.source import ContentLimits
from generator.publish.exam_scan import exam_leaks, exam_texts, find_leaks
from generator.publish.manifest import remove_manifest, write_manifest
from generator.publish.site_check import audit_site
from generator.render.sanitize import sanitise
from generator.site.names import check_page_names
from generator.render import create_environment, pages
from generator.render.quiz import render_quiz
from generator.search.finish import finish_search
from generator.search.parallel import start_parallel_segmentation, worker_count
from generator.search.terms import jieba_user_dictionary

log = logging.getLogger("mkdocs.plugins.training")


class _WarningCount(logging.Handler):
    """Warnings MkDocs and every plugin log during one build: a build with any is never publishable."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory by template name and source checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = _MemoryBytecodeCache()

HOME_MARKER = "<!-- training:home -->"
# Quizzes join the page after search has indexed it: answers stay out of the index, and the search
# plugin does not parse every question of a large curriculum.
QUIZ_MARKER = "<!-- training:quiz -->"


class TrainingPlugin(BasePlugin[TrainingConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.curriculum: Curriculum | None = None
        self.layout: ContentLayout | None = None
        self.page_names: dict[str, tuple[str, str]] = {}
        self.rendered_courses: dict[str, RenderedCourse] = {}
        self.quiz_html: dict[str, str] = {}
        self.handbook_jobs: list = []
        self.serving = False
        self.dirty = False
        self.quiz_page_fingerprints: dict[str, int] = {}
        self._handbook_dir = tempfile.TemporaryDirectory(prefix="training-handbooks-")
        self.handbooks_by_course: dict[str, list] = {}
        self._dictionary_dir = tempfile.TemporaryDirectory(prefix="training-jieba-")
        self.segmentation = None
        self.warnings = _WarningCount()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A preview rebuilds on every save: the handbooks are printed by `make portal`, not by `make serve`.
        # A --dirty build renders only the changed pages, too few for a book.
        self.serving = command == "serve"
        self.dirty = dirty

    # Runs before the search plugin so that its jieba user dictionary is in place in time.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        mkdocs_log = logging.getLogger("mkdocs")
        mkdocs_log.removeHandler(self.warnings)
        self.warnings = _WarningCount()
        mkdocs_log.addHandler(self.warnings)
        root = Path(config.config_file_path or ".").resolve().parent
        docs = Path(config.docs_dir).resolve()
        custom_dir = config.theme.custom_dir
        self.layout = ContentLayout(
            root=root,
            docs_dir=os.path.relpath(docs, root),
            assessments_dir=self.config.assessments_dir,
            handbooks_file=self.config.handbooks_file,
            overrides_dir=os.path.relpath(custom_dir, root) if custom_dir else None,
            output_dirs=(os.path.relpath(Path(config.site_dir).resolve(), root), "trainer-pack"),
            limits=ContentLimits(self.config.max_file_kb * 1024, self.config.max_yaml_depth,
                                 self.config.max_markdown_depth),
        )
        docs_dir = self.layout.docs_dir
        try:
            self.curriculum = load_curriculum(
                self.layout, checks=[lambda curriculum, log: check_page_names(curriculum, log, docs_dir)])
        except ContentError as error:
            raise PluginError(str(error)) from None
        self.today = _build_date(self.config.build_date)
        self.file_dates = last_change_dates(root, [self.layout.docs_dir])
        self.env = create_environment(config.theme.dirs)
        self.page_names = site.generated_page_names(self.curriculum)
        self.entity_by_src = {e.src_path: e for e in [*self.curriculum.courses, *self.curriculum.paths]}
        self.generated_by_src = {src: name for name, (src, _) in self.page_names.items()}
        if self.config.search_dictionary:
            self._configure_search(config)
        self.handbooks_by_course = {}
        if self.config.handbook_pdfs and self.curriculum.handbooks:
            try:
                require_cjk_fonts()
            except PaperError as error:
                raise PluginError(str(error)) from None
            for handbook in self.curriculum.handbooks:
                for course in handbook_courses(self.curriculum, handbook):
                    self.handbooks_by_course.setdefault(course.id, []).append(handbook)
        if config.nav is None and self.config.navigation:
            markdown = [p.relative_to(docs).as_posix() for p in docs.rglob("*.md")]
            others = site.ordinary_pages(config.docs_dir, self.curriculum, markdown)
            config.nav = site.default_nav(self.curriculum, others, self.page_names)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.curriculum:
            return None
        for file in [f for f in files if site.is_data_file(f.src_uri) and _in_docs(f, config)]:
            files.remove(file)
        for name, (src_uri, title) in self.page_names.items():
            files.append(File.generated(config, src_uri, content=self._page_source(name, title)))
        self._skip_unchanged_quiz_pages(files)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Themes print page titles unescaped; a title from front matter is text, never markup.
        if "title" in page.meta:
            page.meta["title"] = str(escape(str(page.meta["title"])))
        if self.curriculum and page.file.src_uri == site.HOME_PAGE and HOME_MARKER not in markdown:
            return f"{markdown}\n\n{HOME_MARKER}\n"
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.curriculum:
            return None
        links = site.PageLinks(self.curriculum, files, page, self.page_names)
        # Trainers' HTML keeps only what the allow-list names; the portal's own parts are added after.
        for finding in audit_html(html).findings:
            log.warning(f"{self.layout.docs_dir}/{page.file.src_uri}: removed from the page, which "
                        f"{finding.describe()} (pages may not run script or load anything from other sites)")
        html = HOME_MARKER.join(sanitise(part) for part in html.split(HOME_MARKER))
        if 'class="mermaid"' in html:
            page.meta["training_mermaid"] = True  # else Material fetches Mermaid from a CDN
        course = self.entity_by_src.get(page.file.src_uri)
        if isinstance(course, Course):
            self.rendered_courses[course.id] = RenderedCourse(html, page.url)
        return render_page_content(self, html, page.file.src_uri, links, page.meta)

    # Every course page is rendered now: print the handbooks while MkDocs writes the site.
    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # MkDocs makes a new theme environment per build; a preview would compile every theme template again.
        env.bytecode_cache = THEME_BYTECODE
        books = self.curriculum and self.curriculum.handbooks and self.config.handbook_pdfs and not self.serving
        if books and self.dirty:
            log.info("Handbooks are not printed by a --dirty build, which renders only the changed pages")
        elif books:
            self.handbook_jobs = start_handbooks(
                self.env, self.curriculum, self.rendered_courses, Path(self._handbook_dir.name),
                Path(config.docs_dir), config.site_name, config.site_url or "", self.today,
            )
            for job in self.handbook_jobs:
                for warning in job.warnings:
                    log.warning(warning)
        # Material's search plugin indexes each page as MkDocs renders it, from here on.
        search = _search_plugin(config)
        if self.curriculum and search is not None and self.config.search_parallel and not self.serving:
            self.segmentation = start_parallel_segmentation(search, worker_count(busy=len(self.handbook_jobs)))
        return env

    def on_build_error(self, *, error: Exception) -> None:
        cancel_handbooks(self.handbook_jobs)
        self.handbook_jobs = []
        self._stop_segmentation(cancel=True)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        quiz = self.quiz_html.pop(page.file.src_uri, None)
        return output.replace(QUIZ_MARKER, quiz, 1) if quiz else None

    # Runs last, after the search plugin's on_post_build has written the index; the handbooks may still be
    # printing. The site is complete here: audit it before anything can publish it.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_segmentation()
        site_dir = Path(config.site_dir)
        remove_manifest(site_dir)
        if not self.curriculum:
            return
        if _search_plugin(config) is not None:
            for warning in finish_search(site_dir, whole_words=self.config.search_dictionary,
                                         prebuilt=self.config.search_prebuilt and not self.serving):
                log.warning(warning)
        books = self._collect_handbooks(config) if self.handbook_jobs else []
        problems = audit_site(site_dir)
        exams = exam_texts(self.curriculum)
        books_html = [(handbook_file(book.handbook), [book.html]) for book in books]
        problems += exam_leaks(site_dir, exams, skip=[book.path for book in books]) + find_leaks(books_html, exams)
        if problems:
            raise PluginError("The built site may not be published:\n  " + "\n  ".join(problems))
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if config.strict and not self.warnings.count and not self.dirty:
            write_manifest(site_dir, self.layout.root, self.today)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.layout:
            for path in (self.layout.root / self.layout.assessments_dir, self.layout.root / self.layout.handbooks_file):
                if path.exists():
                    server.watch(str(path))
        return server

    # --- helpers -------------------------------------------------------------------------------

    def _skip_unchanged_quiz_pages(self, files: Files) -> None:
        """In a --dirty preview, MkDocs re-renders every generated page on every save (a generated
        file always counts as modified): at 1,000 courses that is 40 milestone-quiz pages for one
        edited course. A quiz page whose inputs are unchanged since the previous rebuild keeps its
        output, as an unchanged Markdown file does."""
        inputs = site.quiz_page_inputs(self.curriculum, self.page_names)
        if self.serving and self.dirty:
            for src_uri, fingerprint in inputs.items():
                file = files.get_file_from_path(src_uri)
                if file is not None and self.quiz_page_fingerprints.get(src_uri) == fingerprint:
                    file.is_modified = _not_modified  # instance attribute: MkDocs asks File.is_modified()
        self.quiz_page_fingerprints = inputs

    def _collect_handbooks(self, config: MkDocsConfig) -> list:
        jobs, self.handbook_jobs = self.handbook_jobs, []
        try:
            results = finish_handbooks(jobs, Path(config.site_dir), self.curriculum)
        except PaperError as error:
            raise PluginError(str(error)) from None
        for result in results:
            log.info(f"Handbook {handbook_file(result.handbook)}: {result.pages} pages in {result.seconds:.1f} s, "
                     f"peak {result.peak_kb // 1024} MB (printed alongside the site build)")
        return results

    def _stop_segmentation(self, *, cancel: bool = False) -> None:
        if self.segmentation is not None:
            self.segmentation.close(cancel=cancel)
            if not cancel:
                log.info(f"Search text of {self.segmentation.pages} pages segmented by "
                         f"{self.segmentation.workers} worker process(es) alongside the page rendering")
            self.segmentation = None

    def _configure_search(self, config: MkDocsConfig) -> None:
        search = _search_plugin(config)
        if search is None or "jieba_dict_user" not in search.config:
            return
        path = Path(self._dictionary_dir.name) / "training-words.txt"
        path.write_text(jieba_user_dictionary(self.curriculum), encoding="utf-8")
        search.config.jieba_dict_user = str(path)

    def _page_source(self, name: str, title: str) -> str:
        if name == "guide":
            body = self.env.get_template("training/guide.md").render(curriculum=self.curriculum)
            return f"---\ntitle: {title}\n---\n\n{body}"
        if name in ("catalog", "competencies", "updates"):
            # Lists of courses: the course pages themselves are what search should find. Only the
            # catalog loads its filter script (main.html).
            scripts = "training_catalog: true\n" if name == "catalog" else ""
            return f"---\ntitle: {title}\n{scripts}search:\n  exclude: true\n---\n"
        if name == "glossary":
            # A term's definition is the best answer to a search for it or any of its aliases.
            return f"---\ntitle: {title}\nsearch:\n  boost: 3\n---\n"
        return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n"


def render_page_content(plugin: TrainingPlugin, html: str, src_uri: str, links: site.PageLinks, meta: dict) -> str:
    curriculum, env, today = plugin.curriculum, plugin.env, plugin.today
    generated = plugin.generated_by_src
    renderers = {
        "catalog": pages.render_catalog,
        "competencies": pages.render_matrix,
        "glossary": pages.render_glossary,
        "updates": lambda env, curriculum, links, today: pages.render_updates(env, curriculum, links, today, plugin.file_dates),
    }
    if src_uri in generated and generated[src_uri] in renderers:
        return renderers[generated[src_uri]](env, curriculum, links, today)
    bank_id = site.quiz_page_bank(generated.get(src_uri, ""))
    if bank_id:
        meta["training_kind"] = "quiz"
        plugin.quiz_html[src_uri] = render_quiz(env, curriculum, curriculum.quiz_by_id[bank_id])
        return html + QUIZ_MARKER
    entity = plugin.entity_by_src.get(src_uri)
    course = entity if isinstance(entity, Course) else None
    if course is not None:
        meta["training_kind"] = "course"
        meta["training_stale"] = course.is_stale(today)
        card = pages.render_course_card(env, curriculum, course, links, today, plugin.handbooks_by_course.get(course.id, []))
        rubric = pages.render_rubric(env, curriculum, curriculum.rubric_by_id[course.rubric.id]) if course.rubric else ""
        if not course.quiz:
            return card + html + rubric
        bank = curriculum.quiz_by_id[course.quiz.id]
        plugin.quiz_html[src_uri] = render_quiz(env, curriculum, bank, course.id, course.version)
        return card + html + rubric + QUIZ_MARKER
    learning_path = entity if isinstance(entity, LearningPath) else None
    if learning_path is not None:
        meta["training_kind"] = "path"
        meta["training_mermaid"] = True
        return html + pages.render_path(env, curriculum, learning_path, links, today)
    if src_uri == site.HOME_PAGE:
        meta["training_kind"] = "home"
        handbooks = curriculum.handbooks if plugin.config.handbook_pdfs else []
        return html.replace(HOME_MARKER, pages.render_home(env, curriculum, links, today, handbooks=handbooks))
    return html


def _not_modified() -> bool:
    return False


def _search_plugin(config: MkDocsConfig):
    return config.plugins.get("material/search") or config.plugins.get("search")


def _in_docs(file: File, config: MkDocsConfig) -> bool:
    return Path(file.abs_src_path or "").resolve().is_relative_to(Path(config.docs_dir).resolve())


def _build_date(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"plugins.training.build_date: '{value}' is not a date (expected YYYY-MM-DD)") from None
