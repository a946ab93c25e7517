"""The engine's list of files, made the portal's: data files withheld, the site's generated pages, files
and scripts added, and unchanged generated pages left alone by a --dirty preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from generator import browser
from generator.site.site import SHARED_FINGERPRINT, Site

ASSETS = "assets/training/"
MINIFIERS: dict[str, Callable[[str], str]] = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def portal_files(files: Files, config: MkDocsConfig, site: Site) -> Files:
    docs = Path(config.docs_dir).resolve()
    for file in [f for f in files if f.src_uri.endswith((".yml", ".yaml"))
                 and Path(f.abs_src_path or "").resolve().is_relative_to(docs)]:
        files.remove(file)  # data files are read by the generator, never published as they are
    for page in site.generated_pages():
        files.append(File.generated(config, page.src_uri, content=page.source(site)))
    for path, content in site.generated_files().items():
        files.append(File.generated(config, path, content=content))
    for module, source in browser.served_modules(site.options.records).items():
        if files.get_file_from_path(module) is None:  # a site's custom_dir may still bring its own copy of a module
            files.append(File.generated(config, module, content=source))
    minify_assets(files, config)
    return files


def minify_assets(files: Files, config: MkDocsConfig) -> None:
    """The portal's own stylesheets and scripts (assets/training/, from the theme and its custom_dir) served without
    their comments and layout (rcssmin, rjsmin): a course page's first visit loads training.css and Material's
    start-up scripts; the sources keep their comments. The generated modules come minified already."""
    for file in [f for f in files if f.src_uri.startswith(ASSETS) and f.src_uri.endswith(tuple(MINIFIERS)) and f.abs_src_path]:
        try:
            text = Path(file.abs_src_path or "").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # published as it is; the site audit reads it like any other file
        files.remove(file)
        minify = MINIFIERS[Path(file.src_uri).suffix]
        files.append(File.generated(config, file.src_uri, content=minify(text)))


def copied_for_audit(files: Files, suffixes: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """(site path, bytes) of each file MkDocs copies (or writes from memory) rather than renders, whose suffix the
    site audit reads: they are audited beside the rendering, not after the last page. A file that cannot be read
    now is left to the end-of-build audit, which reads what was written."""
    copied = []
    for file in files:
        if not file.is_documentation_page() and file.inclusion.is_included() \
                and file.dest_uri.lower().endswith(suffixes):
            try:
                copied.append((file.dest_uri, file.content_bytes))
            except OSError:
                continue
    return copied


def keep_unchanged_pages(files: Files, previous: dict[str, int], current: dict[str, int]) -> None:
    """A --dirty preview renders every generated page again on each save (a generated file always counts as
    modified): at 1,000 courses, the catalog, the glossary, 40 milestone-quiz pages and every scenario and cohort
    page for one edited course. A generated page whose fingerprint (Site.fingerprints) is unchanged since the previous
    rebuild keeps its output, as an unchanged Markdown file does. A Markdown page with a fingerprint (the home
    page, which shows other files' content) is rendered again when its fingerprint changed, its own file unchanged."""
    if previous and previous.get(SHARED_FINGERPRINT) != current.get(SHARED_FINGERPRINT):
        # A title or a path changed: every page shows it (navigation, cards, steps), unchanged Markdown too.
        for page in files.documentation_pages():
            page.is_modified = _modified  # type: ignore[method-assign]
        return
    for src_uri, fingerprint in current.items():
        file = files.get_file_from_path(src_uri)
        if file is None:  # the shared fingerprint, or a page without a file
            continue
        if file.generated_by is not None and previous.get(src_uri) == fingerprint:
            file.is_modified = _not_modified  # type: ignore[method-assign]
        elif file.generated_by is None and previous and previous.get(src_uri) != fingerprint:
            file.is_modified = _modified  # type: ignore[method-assign]


def _not_modified() -> bool:
    return False


def _modified() -> bool:
    return True
