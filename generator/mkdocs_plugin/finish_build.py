"""The end of a build, once the engine has written every page: the search index finished, the printed books
collected, the whole site checked before anything can publish it, and a clean strict build marked
publishable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.errors import Problem
from generator.forked import processors
from generator.messages import text
from generator.mkdocs_plugin.log import log
from generator.mkdocs_plugin.material.finish import finish_search
from generator.mkdocs_plugin.material.prebuilt import Postings
from generator.mkdocs_plugin.material.worker_patch import PatchedWorker
from generator.paper.pdf import PaperError
from generator.paper.site_printing import SitePrinting
from generator.publish.build_checks import built_site_problems
from generator.publish.manifest import write_manifest
from generator.publish.site_check import PageAudit
from generator.site import preview
from generator.site.site import Site


def finish_site(site: Site, site_dir: Path, printing: SitePrinting, *, serving: bool, searched: bool,
                preview_problems: list[Problem], audited: Callable[[], dict[str, PageAudit]], partial: bool = False,
                mount: str = "/", banners_shown: bool = False, postings: Postings | None = None,
                search_worker: PatchedWorker | None = None, dirty: bool = False) -> None:
    """`searched`: the search plugin wrote an index (`postings`: its prebuilt postings, made as its entries came
    back from the search worker; `search_worker`: Material's worker as changed before the pages named it; `dirty`:
    only the changed pages were rendered);
    `audited`: the audits of the pages as they were written, asked for last (the audit's process finishes its last
    pages while this finishes the search index); `partial`: a preview or a
    --dirty build, which is never published (publishing needs a whole strict build, and `publish` audits again),
    checks only the pages it wrote; `banners_shown`: the preview's pages carry the problems of an earlier rebuild.
    Raises PluginError when the site must not be published."""
    if serving and (preview_problems or banners_shown):  # else no page has a banner to add or take away
        preview.mark_site(site_dir, preview_problems, site.env)
    if searched:
        for warning in finish_search(site_dir, search_worker, whole_words=site.options.search_dictionary,
                                     prebuilt=site.options.search_prebuilt and not serving, ahead=postings,
                                     partial=dirty):
            log.warning(warning)
    try:
        printed, lines = printing.finish(site, site_dir)
    except PaperError as error:
        raise PluginError(str(error)) from None
    for line in lines:
        log.info(line)
    workers = 1 if serving else processors()
    problems = built_site_problems(site_dir, site.curriculum, printed, workers, audited(), only_audited=partial,
                                   mount=mount)
    if problems:
        raise PluginError(text("B902") + "\n  " + "\n  ".join(problems))


def seal_if_publishable(site: Site, site_dir: Path, root: Path, *, strict: bool, warnings: int, dirty: bool,
                        mount: str = "/") -> None:
    """Only a whole strict build without a single warning gets the manifest that publishing requires."""
    if strict and not warnings and not dirty:
        write_manifest(site_dir, root, site.today, mount)
