"""The `training` plugin's options, declared once: the MkDocs plugin and the command-line tool both read
mkdocs.yml's `plugins: - training:` mapping through `read_options`, so both accept and refuse the same."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from generator.messages import LANGUAGES, text
from generator.model.layout import ContentLayout
from generator.model.source import ContentLimits


@dataclass(frozen=True)
class SiteOptions:
    enabled: bool = True
    """Turn the plugin off, for example to preview plain Markdown."""
    assessments_dir: str = "assessments"
    """Folder of quiz banks and rubrics, relative to mkdocs.yml."""
    handbooks_file: str = "handbooks.yml"
    """Handbook definitions, relative to mkdocs.yml."""
    build_date: dt.date | None = None
    """Date used to decide which courses are stale (YYYY-MM-DD, quoted or not); defaults to today."""
    navigation: bool = True
    """Generate the navigation from the model when mkdocs.yml has no `nav`."""
    search_dictionary: bool = True
    """Feed glossary terms, titles and tags to jieba so domain words stay whole."""
    search_prebuilt: bool = True
    """Build the search index at build time so browsers answer the first query without indexing every page;
    not during `mkdocs serve`, where browsers build it as Material does."""
    search_parallel: bool = True
    """Make the search index's entries (Material's reading of each page, jieba's segmenting) in a second process,
    forked as the build starts, while pages render; the index is the same either way. Not during `mkdocs serve`,
    and only on processors the handbook printing leaves free."""
    shared_markdown: bool = True
    """Convert every page's Markdown with one converter, reset between pages, rather than a new one per page (as
    MkDocs does): the same pages, about half a millisecond less for each. Only with extensions known to reset their
    state; off with any other."""
    handbook_pdfs: bool = True
    """Print every handbook of handbooks.yml to site/handbooks/<id>.pdf (needs WeasyPrint and fonts-noto-cjk)."""
    handbook_piece_kb: int = 120
    """A handbook whose HTML is larger is printed in pieces of about this size, one after another, so that the
    printing process holds one piece's pages in memory, not the book's (about 70 pages and 350 MB for 120 KB);
    the merged PDF is the same book, somewhat larger because each piece embeds the glyphs it uses."""
    roleplay_kits: bool = False
    """Also publish every scenario's classroom kit as site/roleplay-kits.pdf, linked from the scenario pages. The
    kits are trainers' material: the customer's role card holds the facts the caller hides and what sets them off,
    the observer sheet the best and worst answers. Only for a portal that agents cannot open (trainers behind
    their own login); otherwise they come from `trainer-pack`."""
    max_file_kb: int = 1024
    """Largest content file (Markdown or YAML) the build reads, in KB."""
    max_yaml_depth: int = 20
    """Deepest nesting of YAML mappings and lists in any content file or front matter."""
    max_markdown_depth: int = 20
    """Deepest nesting of Markdown lists, quotes and Markdown-in-HTML blocks in any page."""
    records: bool = False
    """Send learning records (xAPI statements) from the browser to the learning record store behind
    `records_endpoint`; off, pages load no records script and make no request."""
    records_endpoint: str = "/xapi/"
    """Where browsers post statements (<endpoint>statements): a path on the portal's own origin ending in /,
    which the web server proxies to the LRS, adding its credentials (deploy/nginx/training-portal-records.conf
    proxies /xapi/; change both together)."""
    records_whoami: str = "/whoami"
    """A path on the portal's own origin answering with the signed-in account as text; `none` on an intranet
    without login, where each agent enters a 工号 once (recorded as self-declared)."""
    language: str = "zh"
    """Language of the build's messages about the content: zh (Simplified Chinese) or en."""

    @property
    def limits(self) -> ContentLimits:
        return ContentLimits(self.max_file_kb * 1024, self.max_yaml_depth, self.max_markdown_depth)

    def today(self) -> dt.date:
        return self.build_date or dt.date.today()


OPTION_NAMES = tuple(field.name for field in fields(SiteOptions))
_POSITIVE = {"max_file_kb", "max_yaml_depth", "max_markdown_depth", "handbook_piece_kb"}
_SAME_ORIGIN_PATHS = {"records_endpoint", "records_whoami"}


class OptionsError(ValueError):
    """Every problem with the options, one per line, each naming `plugins.training.<option>`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _invalid(code: str, value: Any) -> ValueError:
    return ValueError(text(code, found=_describe(value)))


def parse_date(value: Any) -> dt.date:
    """A YAML date (unquoted 2026-11-01) or a YYYY-MM-DD string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _invalid("S609", value)


def check_option(name: str, value: Any) -> Any:
    """The option's value in its type; ValueError saying what was expected."""
    if name == "build_date":
        return None if value is None else parse_date(value)
    default = getattr(SiteOptions, name)
    if name == "language":
        if value not in LANGUAGES:
            raise ValueError(text("S610", known=", ".join(LANGUAGES), found=_describe(value)))
    elif isinstance(default, bool):
        if not isinstance(value, bool):
            raise _invalid("S606", value)
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or (name in _POSITIVE and value < 1):
            raise _invalid("S607", value)
    elif not isinstance(value, str) or not value.strip():
        raise _invalid("S608", value)
    elif name in _SAME_ORIGIN_PATHS and not _is_own_path(value, allow_none=name == "records_whoami"):
        raise _invalid("S611", value)
    return value


def _is_own_path(value: str, allow_none: bool) -> bool:
    """A path on the portal's own origin: the CSP's `connect-src 'self'` and the proxy keep records there."""
    if allow_none and value == "none":
        return True
    return (value.startswith("/") and not value.startswith("//") and "\\" not in value
            and (allow_none or value.endswith("/"))  # the endpoint is a folder: statements go to <endpoint>statements
            and not any(character.isspace() or character in "?#\"'<>" for character in value))


def read_options(raw: dict | None, where: str = "plugins.training") -> SiteOptions:
    raw = raw or {}
    problems, values = [], {}
    for name, value in raw.items():
        if name not in OPTION_NAMES:
            problems.append(text("S605", where=where, name=name, known=", ".join(OPTION_NAMES)))
            continue
        try:
            values[name] = check_option(name, value)
        except ValueError as error:
            problems.append(f"{where}.{name}: {error}")
    if problems:
        raise OptionsError(problems)
    return SiteOptions(**values)


def content_layout(root: Path, docs_dir: str, site_dir: str, custom_dir: str | None, options: SiteOptions) -> ContentLayout:
    """Where the content is, as mkdocs.yml and the options say (paths relative to `root` where inside it)."""
    def inside(path: str) -> str:
        resolved = (root / path).resolve()
        return resolved.relative_to(root.resolve()).as_posix() if resolved.is_relative_to(root.resolve()) else str(resolved)

    return ContentLayout(
        root=root,
        docs_dir=inside(docs_dir),
        assessments_dir=options.assessments_dir,
        handbooks_file=options.handbooks_file,
        overrides_dir=inside(custom_dir) if custom_dir else None,
        output_dirs=(inside(site_dir), "trainer-pack"),
        limits=options.limits,
    )
