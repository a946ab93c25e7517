"""MkDocs plugin `training`: event wiring around one `Site` (generator.site); the work is done elsewhere."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator import browser
from generator.errors import ContentError
from generator.governance.git_history import last_changes
from generator.messages import set_language
from generator.mkdocs_plugin.config import TrainingConfig, site_options
from generator.mkdocs_plugin.engine_files import copied_for_audit, keep_unchanged_pages, portal_files
from generator.mkdocs_plugin.engine_markdown import SharedMarkdown
from generator.mkdocs_plugin.finish_build import finish_site, seal_if_publishable
from generator.mkdocs_plugin.log import log
from generator.mkdocs_plugin.material import parallel, search, theme
from generator.mkdocs_plugin.material.worker_patch import PatchedWorker, name_changed_worker
from generator.mkdocs_plugin.warning_count import WarningCount
from generator.model.layout import ContentLayout
from generator.model.source import ENGINE_FRONT_MATTER
from generator.paper.handbook import RenderedCourse
from generator.paper.pdf import PaperError
from generator.paper.site_printing import SitePrinting
from generator.publish.audit_stream import AuditAsWritten
from generator.publish.manifest import remove_manifest
from generator.publish.site_check import MOUNT_FREE_SUFFIXES, site_mount
from generator.search.terms import jieba_user_dictionary
from generator.site.options import SiteOptions, content_layout
from generator.site.page_html import join_deferred, portal_html
from generator.site.parts_ahead import PartsAhead
from generator.site.preview import load_keeping_last_good
from generator.site.site import Site, SiteCache


class TrainingPlugin(BasePlugin[TrainingConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.cache = SiteCache()  # kept across the rebuilds of `mkdocs serve` (the plugin has on_startup)
        self.site: Site | None = None
        self.preview_problems: list = []
        self.banners_shown = False  # the preview's pages carry the problems of a rebuild (preview.mark_site)
        self.layout: ContentLayout | None = None
        self.serving = self.dirty = False
        self.fingerprints: dict[str, int] = {}
        self.rendered_courses: dict[str, RenderedCourse] = {}
        self.deferred: dict[str, str] = {}
        self.printing = SitePrinting()
        self.search_indexing: parallel.ParallelIndexing | None = None
        self.early_search: parallel.EarlyWorkers | None = None
        self.search_words: Path | None = None
        self.search_worker: PatchedWorker | None = None
        self.audit: AuditAsWritten | None = None
        self.parts_ahead: PartsAhead | None = None
        self.shared_markdown: SharedMarkdown | None = None
        self.warnings = WarningCount()
        self._workdir: tempfile.TemporaryDirectory[str] | None = None

    @property
    def workdir(self) -> Path:
        """A temporary folder for one command (the jieba dictionary, the handbooks' working files): MkDocs keeps a
        plugin with on_startup for every later command of the process, so it is made per command, not per
        plugin."""
        if self._workdir is None:
            self._workdir = tempfile.TemporaryDirectory(prefix="training-")
        return Path(self._workdir.name)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # A preview rebuilds on every save: handbooks are printed by `make portal`, not by `make serve`;
        # a --dirty build renders only the changed pages, too few for a book.
        self.serving, self.dirty = command == "serve", dirty

    @event_priority(100)  # before the search plugin reads its jieba dictionary
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        options = site_options(self.config)
        self.shared_markdown = None
        if not options.enabled:
            return None
        set_language(options.language)
        self._start_early_search_workers(config, options)
        self.warnings.detach()
        self.warnings = WarningCount().attach()
        theme.add_portal_templates(config)
        chinese_permalink_title(config)
        try:
            self.site = self._load_site(config, options)
            self.printing.check_fonts(self.site)
        except (ContentError, PaperError) as error:
            raise PluginError(str(error)) from None
        self.search_words = search.write_dictionary(config, jieba_user_dictionary(self.site.curriculum), self.workdir) \
            if options.search_dictionary else None
        if config.nav is None and options.navigation:
            config.nav = self.site.navigation()
        self.shared_markdown = SharedMarkdown(config) if options.shared_markdown else None
        return config

    def _load_site(self, config: MkDocsConfig, options: SiteOptions) -> Site:
        root = Path(config.config_file_path or ".").resolve().parent
        self.layout = content_layout(root, config.docs_dir, config.site_dir, config.theme.custom_dir, options)
        last_good = self.site.curriculum if self.site else None
        curriculum, error = load_keeping_last_good(self.layout, self.cache, last_good, self.serving)
        if error is not None:
            log.error(str(error))  # the preview keeps serving the last good content, these problems on top
        self.preview_problems = error.problems if error else []
        return Site(curriculum, options, self.cache.environment(tuple(config.theme.dirs)),
                    last_changes(root, [self.layout.docs_dir]), directory_urls=config.use_directory_urls)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.site is None:
            return None
        portal_files(files, config, self.site)
        if not self.serving and PartsAhead.available():  # a preview renders a few pages: not worth a process
            self.parts_ahead = PartsAhead(self.site, [file.src_uri for file in files.documentation_pages()])
        self._start_search_indexing(config)
        if self.serving:  # only a preview rebuilds, and only its --dirty rebuilds skip unchanged pages
            fingerprints = self.site.fingerprints()
            if self.dirty:
                keep_unchanged_pages(files, self.fingerprints, fingerprints)
            self.fingerprints = fingerprints
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.shared_markdown is not None:
            self.shared_markdown.take_over(page)
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Themes print page titles unescaped; a title from front matter is text, never markup.
        if "title" in page.meta:
            page.meta["title"] = str(escape(str(page.meta["title"])))
        markdown = without_unread_front_matter(markdown)
        if self.site is None:
            return markdown
        made = self.site.page(page.file.src_uri).markdown(markdown, str(page.meta.get("title") or config.site_name))
        return markdown if made is None else made

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.site is None:
            return None
        made = self.parts_ahead.parts(page.file.src_uri) if self.parts_ahead is not None else None
        result = portal_html(self.site, page.file.src_uri, html, self.layout.docs_dir if self.layout else "", made)
        for warning in result.warnings:
            log.warning(warning)
        if result.course_id is not None:
            self.rendered_courses[result.course_id] = RenderedCourse(result.trainer_html, page.url)
        if result.deferred:
            self.deferred[page.file.src_uri] = result.deferred
        page.meta.update(result.meta)
        if self.search_indexing is not None:
            self.search_indexing.page_rendered(page, result.html)
        return result.html

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self._stop_parts_ahead()  # every page's Markdown is rendered: all parts have been taken
        # Every course page is rendered now: print handbooks and role-play kits while MkDocs writes the site.
        env.bytecode_cache = self.cache.theme_bytecode
        theme.add_navigation_renderer(env, config)
        site = self.site
        if site is not None:
            self.search_worker = search.changed_search_worker(
                config, whole_words=site.options.search_dictionary,
                prebuilt=site.options.search_prebuilt and not self.serving)
        if site is not None and AuditAsWritten.available():
            self.audit = AuditAsWritten(beside=not self.serving)
            if self.audit.beside:  # not a preview, which audits only the pages it writes
                self.audit.add_copied(copied_for_audit(files, MOUNT_FREE_SUFFIXES))
        # A preview server has no LRS behind it: statements would only pile up in the trainer's browser.
        records = site is not None and site.options.records and not self.serving
        env.globals["training_scripts"] = functools.partial(browser.page_scripts, records=records)
        if site is not None and self.dirty:
            log.info("Handbooks are not printed by a --dirty build, which renders only the changed pages "
                     "(nor are the role-play kits)")
        elif site is not None and not self.serving:
            for warning in self.printing.start(site, self.rendered_courses, self.workdir,
                                               Path(config.docs_dir), config.site_name, config.site_url or ""):
                log.warning(warning)
        # Material's search plugin indexes each page as MkDocs renders it, from here on.
        if self.search_indexing is not None:
            self.search_indexing.hand_over()
        elif self.search_words is not None and search.search_plugin(config) is not None:
            search.load_dictionary(self.search_words)  # this process segments
        return env

    @event_priority(-100)  # last: what is audited is what is written
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        deferred = self.deferred.pop(page.file.src_uri, None)
        written = join_deferred(output, deferred) if deferred else output
        written = name_changed_worker(written, self.search_worker)
        if self.audit is not None:
            self.audit.add(page.file.dest_uri, written)
        return written

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str | None:
        # 404.html: rendered from the theme, not from a page.
        return name_changed_worker(output_content, self.search_worker)

    # Runs last, after the search plugin has written the index; the handbooks may still be printing.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        postings = self.search_indexing.postings if self.search_indexing is not None else None
        self._stop_search_indexing()
        site_dir, root = Path(config.site_dir), Path(config.config_file_path or ".").resolve().parent
        remove_manifest(site_dir)
        if self.site is None:
            return
        audited, self.audit = self.audit, None
        shown, self.banners_shown = self.banners_shown, self.serving and bool(self.preview_problems)
        try:
            finish_site(self.site, site_dir, self.printing, serving=self.serving, preview_problems=self.preview_problems,
                        searched=search.search_plugin(config) is not None,
                        audited=audited.results if audited is not None else dict,
                        partial=(self.serving or self.dirty) and audited is not None,
                        mount=site_mount(config.site_url), banners_shown=shown, postings=postings,
                        search_worker=self.search_worker, dirty=self.dirty)
        finally:
            if audited is not None:
                audited.close()
        self.warnings.detach()
        seal_if_publishable(self.site, site_dir, root, strict=config.strict, warnings=self.warnings.count,
                            dirty=self.dirty, mount=site_mount(config.site_url))

    def on_shutdown(self) -> None:
        """After the last build of a command (`mkdocs build`, or a preview server stopping): the temporary folder
        goes (the jieba dictionary, the handbooks' working files). Early search workers still loading jieba's
        dictionary are stopped (Ctrl-C while the content loads reaches no on_build_error)."""
        self._stop_early_search_workers()
        if self._workdir is not None:
            self._workdir.cleanup()
        self._workdir = None

    def on_build_error(self, *, error: Exception) -> None:
        # The fingerprints were taken before the pages were written: after a failed rebuild the next one renders
        # every generated page again, rather than keep pages this one never wrote.
        self.fingerprints = {}
        self._stop_parts_ahead()
        self.printing.cancel()
        self._stop_early_search_workers()
        self._stop_search_indexing(cancel=True)
        if self.audit is not None:
            self.audit.close(cancel=True)
            self.audit = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        for path in self.layout.data_outside_docs() if self.layout else []:
            server.watch(str(path))
        return server

    def _stop_parts_ahead(self) -> None:
        if self.parts_ahead is not None:
            self.parts_ahead.close()
        self.parts_ahead = None

    def _start_search_indexing(self, config: MkDocsConfig) -> None:
        """Search entries made in a worker process from the pages' final HTML on (never for a preview, nor where
        the handbooks' printing leaves no processor free)."""
        self._stop_search_indexing(cancel=True)
        plugin = search.search_plugin(config)
        if self.site is not None and plugin is not None and self.site.options.search_parallel and not self.serving:
            busy = 0 if self.dirty else SitePrinting.planned_processes(self.site)
            early, self.early_search = self.early_search, None
            self.search_indexing = parallel.start_parallel_indexing(plugin, parallel.worker_count(busy=busy),
                                                                    self.search_words, early,
                                                                    prebuild=self.site.options.search_prebuilt)
        self._stop_early_search_workers()

    def _start_early_search_workers(self, config: MkDocsConfig, options: SiteOptions) -> None:
        """The search workers forked before the content is read: jieba's dictionary loads meanwhile. As many as the
        build will likely want (the printing it will do guessed from the files and options);
        `_start_search_indexing` takes them over or stops them."""
        self._stop_early_search_workers()
        plugin = search.search_plugin(config)
        if plugin is not None and options.search_parallel and not self.serving:
            root = Path(config.config_file_path or ".").resolve().parent
            busy = 0 if self.dirty else SitePrinting.likely_processes(options, root)
            self.early_search = parallel.start_early_workers(plugin, parallel.worker_count(busy=busy))

    def _stop_early_search_workers(self) -> None:
        if self.early_search is not None:
            self.early_search.close()
        self.early_search = None

    def _stop_search_indexing(self, *, cancel: bool = False) -> None:
        if self.search_indexing is not None:
            self.search_indexing.close(cancel=cancel)
        self.search_indexing = None


PERMALINK_TITLE = "本节链接"


def chinese_permalink_title(config: MkDocsConfig) -> None:
    """The heading anchors' tooltip in the portal's language, unless mkdocs.yml names one (the toc
    extension's default is English)."""
    if "toc" in config.markdown_extensions:
        config.mdx_configs.setdefault("toc", {}).setdefault("permalink_title", PERMALINK_TITLE)


UNREAD_FRONT_MATTER_NOTE = ('<div class="admonition warning"><p class="admonition-title">这一页的前置元数据有错误</p>'
                            '<p>错误见页面顶部；修正之前，这里只显示正文。</p></div>\n\n')


def without_unread_front_matter(markdown: str) -> str:
    """MkDocs leaves front matter it cannot read in the page's text (and the preview would show the YAML as the
    lesson): the block is taken out and the page says why. Front matter MkDocs read is gone by now."""
    block = ENGINE_FRONT_MATTER.match(markdown.lstrip("\ufeff"))
    if block is None:
        return markdown
    return UNREAD_FRONT_MATTER_NOTE + markdown.lstrip("\ufeff")[block.end():]
