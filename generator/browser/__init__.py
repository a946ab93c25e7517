"""The portal's browser code: native ES modules, each with one job, served from assets/training/ without their
comments (rjsmin) and otherwise as they are (no bundler; no inline script, so the CSP stays `script-src 'self'`).
A page loads its entry modules with `<script type="module">` and preloads everything they import
(`modulepreload`), so no import waits on another. Modules share nothing but what they import; `make test`
type-checks them (tsc with checkJs, tsconfig.json).

The build writes two modules itself: question-types.js (the table of generator/model/question_types.py) and, on
sites with learning records, records-settings.js (where statements go).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import rjsmin

from generator.model.question_types import browser_table

MODULES = Path(__file__).resolve().parent
FOLDER = "assets/training"
# Entry modules, one per script a page loads: learn on every page, records on sites with records (before learn:
# it listens to what learn reports), the others on their own pages (PageParts.scripts).
ENTRIES = ("learn", "records", "transfer", "scenario", "catalog", "cohort", "case", "review", "review-due")
QUESTION_TYPES = "question-types"
RECORDS_SETTINGS = "records-settings"
# Libraries an entry needs loaded before it, as classic scripts (their UMD builds define one global).
LIBRARIES = {"review": ("assets/vendor/ts-fsrs/ts-fsrs.umd.js",)}
# How every module names another: one line per imported module, `import { a, b } from "./name.js";`.
_IMPORT = re.compile(r'^import \{[^}]*\} from "\./([a-z-]+)\.js";$', re.MULTILINE)


def path(name: str) -> str:
    """Where a module is served, relative to the site's root."""
    return f"{FOLDER}/{name}.js"


def question_types_module() -> str:
    """The question-type table (generator.model.question_types) as the quiz code imports it."""
    table = json.dumps(browser_table(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"/* Question types, from generator/model/question_types.py. */\nexport const QUESTION_TYPES = {table};\n"


def records_settings_module(endpoint: str, whoami: str, paths: list[dict]) -> str:
    """Where statements go, who asks for the learner, and the paths (so finishing a step is reported as the
    path page shows it): the training plugin's records options."""
    settings = json.dumps({"endpoint": endpoint, "whoami": whoami, "paths": paths}, ensure_ascii=False,
                          separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    return f"/* Settings, from the training plugin's records options. */\nexport const RECORDS = {settings};\n"


@functools.cache
def source(name: str) -> str:
    """A module's text (records-settings has none: the site writes it from its options)."""
    return question_types_module() if name == QUESTION_TYPES else (MODULES / f"{name}.js").read_text(encoding="utf-8")


@functools.cache
def served(name: str) -> str:
    """A module as the site serves it: without comments and indentation (a course page's first visit loads
    eleven of them; the sources keep their comments)."""
    return rjsmin.jsmin(source(name)) + "\n"


@functools.cache
def imports(name: str) -> tuple[str, ...]:
    return () if name == RECORDS_SETTINGS else tuple(_IMPORT.findall(source(name)))


def load_order(entries: tuple[str, ...] | list[str]) -> list[str]:
    """Every module the entries need, each after the modules it imports, the entries included."""
    order: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in visiting:  # modules import downward only, as the Python packages do
            raise ValueError(f"browser modules import each other: {' -> '.join([*visiting, name])}")
        if name not in order:
            visiting.append(name)
            for imported in imports(name):
                visit(imported)
            visiting.pop()
            order.append(name)

    for entry in entries:
        visit(entry)
    return order


def preloads(entries: tuple[str, ...] | list[str]) -> list[str]:
    """The modules a page with these entries preloads: what they import, not the entries themselves."""
    return [name for name in load_order(entries) if name not in entries]


def served_modules(records: bool) -> dict[str, str]:
    """Path -> text of every module the site serves but records-settings (the site writes that one)."""
    entries = [entry for entry in ENTRIES if records or entry != "records"]
    return {path(name): served(name) for name in load_order(entries) if name != RECORDS_SETTINGS}


def page_scripts(page_entries: list[str] | tuple[str, ...], records: bool) -> dict[str, list[str]]:
    """What a page loads, as paths from the site's root: `libraries` (classic scripts), `preload` (modules
    imported along the way) and `entries` (module scripts, in the order they run: the page's own, then records,
    then learn, which reports to records). Called for every page: worked out once per set of entries."""
    return _page_scripts(tuple(page_entries), records)


@functools.cache
def _page_scripts(page_entries: tuple[str, ...], records: bool) -> dict[str, list[str]]:
    unknown = [entry for entry in page_entries if entry not in ENTRIES or entry in ("learn", "records")]
    if unknown:
        raise ValueError(f"not a page's own entry module: {', '.join(unknown)}")
    entries = [*page_entries, *(["records"] if records else []), "learn"]
    return {"libraries": [library for entry in entries for library in LIBRARIES.get(entry, ())],
            "preload": [path(name) for name in preloads(entries)],
            "entries": [path(name) for name in entries]}
