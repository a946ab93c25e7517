"""MkDocs plugin `training`: event wiring around one `Site` (generator.site); the work is done elsewhere."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import mkdocs
from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from generator import browser
from generator.errors import ContentError
from generator.messages import set_language, text
from generator.governance.git_history import last_changes
from generator.html_audit import audit_html
from generator.mkdocs_plugin.config import TrainingConfig, site_options
from generator.mkdocs_plugin.material import parallel, search, theme
from generator.mkdocs_plugin.material.finish import finish_search
from generator.paper.handbook import RenderedCourse
from generator.paper.site_printing import SitePrinting
from generator.paper.pdf import PaperError, require_cjk_fonts
from generator.publish.build_checks import built_site_problems
from generator.publish.manifest import remove_manifest, write_manifest
from generator.render.sanitize import sanitise
from generator.search.terms import jieba_user_dictionary
from generator.site.options import content_layout
from generator.site.pages import HOME_MARKER, CoursePage
from generator.site import preview
from generator.site.site import Site, SiteCache, load_site_content

log = logging.getLogger("mkdocs.plugins.training")
# The deferred parts (quizzes) join the page here, after search has indexed it.
DEFERRED_MARKER = "<!-- training:quiz -->"


class _WarningCount(logging.Handler):
    """Warnings the engine and every plugin log during one build: a build with any is never publishable."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class TrainingPlugin(BasePlugin[TrainingConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.cache = SiteCache()  # kept across the rebuilds of `mkdocs serve` (the plugin has on_startup)
        self.site: Site | None = None
        self.preview_problems: list = []
        self.docs_dir = "docs"
        self.serving = self.dirty = False
        self.fingerprints: dict[str, int] = {}
        self.rendered_courses: dict[str, RenderedCourse] = {}
        self.deferred: dict[str, str] = {}
        self.printing = SitePrinting()
        self.segmentation: parallel.ParallelSegmentation | None = None
        self.warnings = _WarningCount()
        self._workdir = tempfile.TemporaryDirectory(prefix="training-")

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A preview rebuilds on every save: handbooks are printed by `make portal`, not by `make serve`;
        # a --dirty build renders only the changed pages, too few for a book.
        self.serving, self.dirty = command == "serve", dirty

    @event_priority(100)  # before the search plugin reads its jieba dictionary
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        options = site_options(self.config)
        if not options.enabled:
            return None
        set_language(options.language)
        engine_log = logging.getLogger(mkdocs.__name__)  # "properdocs" under ProperDocs
        engine_log.removeHandler(self.warnings)
        self.warnings = _WarningCount()
        engine_log.addHandler(self.warnings)
        root = Path(config.config_file_path or ".").resolve().parent
        layout = content_layout(root, config.docs_dir, config.site_dir, config.theme.custom_dir, options)
        try:
            curriculum = load_site_content(layout, self.cache)
            self.preview_problems = []
        except ContentError as error:
            if not (self.serving and self.site is not None):
                raise PluginError(str(error)) from None
            # A preview keeps serving the last good content and shows the problems on every page.
            log.error(str(error))
            self.preview_problems = error.problems
            curriculum = self.site.curriculum
        theme.add_portal_templates(config)
        env = self.cache.environment(tuple(config.theme.dirs))
        self.docs_dir = layout.docs_dir
        self.site = Site(curriculum, options, env, last_changes(root, [layout.docs_dir]),
                         directory_urls=config.use_directory_urls)
        if options.search_dictionary:
            search.use_dictionary(config, jieba_user_dictionary(curriculum), Path(self._workdir.name))
        if (options.handbook_pdfs and curriculum.handbooks) or (options.roleplay_kits and curriculum.scenarios):
            try:
                require_cjk_fonts()
            except PaperError as error:
                raise PluginError(str(error)) from None
        if config.nav is None and options.navigation:
            config.nav = self.site.navigation()
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.site is None:
            return None
        docs = Path(config.docs_dir).resolve()
        for file in [f for f in files if f.src_uri.endswith((".yml", ".yaml"))
                     and Path(f.abs_src_path or "").resolve().is_relative_to(docs)]:
            files.remove(file)  # data files are read by the generator, never published as they are
        for page in self.site.generated_pages():
            files.append(File.generated(config, page.src_uri, content=page.source(self.site)))
        for path, content in self.site.generated_files().items():
            files.append(File.generated(config, path, content=content))
        for path in browser.BUNDLES:  # a site's custom_dir may still bring its own copy of a script
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=browser.bundle(path)))
        self._keep_unchanged_quiz_pages(files)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Themes print page titles unescaped; a title from front matter is text, never markup.
        if "title" in page.meta:
            page.meta["title"] = str(escape(str(page.meta["title"])))
        if self.site is None:
            return None
        return self.site.page(page.file.src_uri).markdown(markdown, str(page.meta.get("title") or config.site_name))

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.site is None:
            return None
        site, src_uri = self.site, page.file.src_uri
        # Trainers' HTML keeps only what the allow-list names; the portal's own parts are added after.
        for finding in audit_html(html).findings:
            log.warning(f"{self.docs_dir}/{src_uri}: {text('B901', finding=finding.describe())} [B901]")
        html = HOME_MARKER.join(sanitise(part) for part in html.split(HOME_MARKER))
        site_page = site.page(src_uri)
        if isinstance(site_page, CoursePage) and site_page.course is not None:
            self.rendered_courses[site_page.course.id] = RenderedCourse(html, page.url)
        parts = site_page.parts(site, site.links(src_uri))
        page.meta.update(parts.meta)
        if 'class="mermaid"' in html:
            page.meta["training_mermaid"] = True  # else Material fetches Mermaid from a CDN
        if parts.home is not None:
            html = html.replace(HOME_MARKER, parts.home)
        if parts.deferred:
            self.deferred[src_uri] = parts.deferred
        return parts.before + html + parts.after + (DEFERRED_MARKER if parts.deferred else "")

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Every course page is rendered now: print handbooks and role-play kits while MkDocs writes the site.
        env.bytecode_cache = self.cache.theme_bytecode
        site = self.site
        # A preview server has no LRS behind it: statements would only pile up in the trainer's browser.
        env.globals["training_records"] = site is not None and site.options.records and not self.serving
        if site is not None and self.dirty:
            log.info("Handbooks are not printed by a --dirty build, which renders only the changed pages "
                     "(nor are the role-play kits)")
        elif site is not None and not self.serving:
            for warning in self.printing.start(site, self.rendered_courses, Path(self._workdir.name),
                                               Path(config.docs_dir), config.site_name, config.site_url or ""):
                log.warning(warning)
        # Material's search plugin indexes each page as MkDocs renders it, from here on.
        plugin = search.search_plugin(config)
        if site is not None and plugin is not None and site.options.search_parallel and not self.serving:
            self.segmentation = parallel.start_parallel_segmentation(
                plugin, parallel.worker_count(busy=self.printing.processes))
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        deferred = self.deferred.pop(page.file.src_uri, None)
        return output.replace(DEFERRED_MARKER, deferred, 1) if deferred else None

    # Runs last, after the search plugin has written the index; the handbooks may still be printing. The
    # site is complete here: it is checked before anything can publish it.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_segmentation()
        site_dir = Path(config.site_dir)
        remove_manifest(site_dir)
        if self.site is None:
            return
        if self.serving:
            preview.mark_site(site_dir, self.preview_problems, self.site.env)
        options = self.site.options
        if search.search_plugin(config) is not None:
            for warning in finish_search(site_dir, whole_words=options.search_dictionary,
                                         prebuilt=options.search_prebuilt and not self.serving):
                log.warning(warning)
        try:
            printed, lines = self.printing.finish(self.site, site_dir)
        except PaperError as error:
            raise PluginError(str(error)) from None
        for line in lines:
            log.info(line)
        workers = 1 if self.serving else len(os.sched_getaffinity(0))
        problems = built_site_problems(site_dir, self.site.curriculum, printed, workers)
        if problems:
            raise PluginError(text("B902") + "\n  " + "\n  ".join(problems))
        logging.getLogger(mkdocs.__name__).removeHandler(self.warnings)
        if config.strict and not self.warnings.count and not self.dirty:
            write_manifest(site_dir, Path(config.config_file_path or ".").resolve().parent, self.site.today)

    def on_build_error(self, *, error: Exception) -> None:
        self.printing.cancel()
        self._stop_segmentation(cancel=True)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.site is not None:
            root = Path(config.config_file_path or ".").resolve().parent
            for path in (root / self.site.options.assessments_dir, root / self.site.options.handbooks_file):
                if path.exists():
                    server.watch(str(path))
        return server

    # --- helpers ----------------------------------------------------------------------------------------

    def _keep_unchanged_quiz_pages(self, files: Files) -> None:
        """A --dirty preview renders every generated page again on each save (a generated file always counts
        as modified): at 1,000 courses, 40 milestone-quiz pages (and every scenario page) for one edited course.
        A quiz or scenario page whose inputs are unchanged since the previous rebuild keeps its output, as an
        unchanged Markdown file does."""
        assert self.site is not None
        fingerprints = self.site.fingerprints()
        if self.serving and self.dirty:
            for src_uri, fingerprint in fingerprints.items():
                file = files.get_file_from_path(src_uri)
                if file is not None and self.fingerprints.get(src_uri) == fingerprint:
                    file.is_modified = _not_modified  # type: ignore[method-assign]
        self.fingerprints = fingerprints

    def _stop_segmentation(self, *, cancel: bool = False) -> None:
        if self.segmentation is not None:
            self.segmentation.close(cancel=cancel)
            if not cancel:
                log.info(f"Search text of {self.segmentation.pages} pages segmented by "
                         f"{self.segmentation.workers} worker process(es) alongside the page rendering")
            self.segmentation = None


def _not_modified() -> bool:
    return False
