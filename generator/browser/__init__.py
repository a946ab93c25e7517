"""The portal's browser code: small plain modules, each with one job, joined at build time into the files
pages load (no bundler; no inline script, so the CSP stays `script-src 'self'`).

A bundle wraps its modules in one function scope, so nothing leaks into the page's globals; the modules
are also loadable one by one (tests call the pure functions directly).
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.model.question_types import browser_table

MODULES = Path(__file__).resolve().parent
BUNDLES = {
    "assets/training/learn.js": ("types", "dom", "store", "draw", "scoring", "quiz", "roleplay", "scenario", "progress",
                                 "transfer", "main"),
    "assets/training/catalog.js": ("catalog",),
    "assets/training/cohort.js": ("cohort",),
    # Case pages only: scoring a call against the expert, kept with the progress learn.js keeps.
    "assets/training/case.js": ("dom", "store", "casescore", "case"),
    # The daily review page (after assets/vendor/ts-fsrs), and the home page's count of cards due.
    "assets/training/review.js": ("dom", "store", "reviewcards", "review"),
    "assets/training/review-due.js": ("dom", "store", "reviewcards", "reviewdue"),
}
_TITLES = {"assets/training/learn.js": "Self-checks and learning progress",
           "assets/training/case.js": "Scoring a call case against the expert",
           "assets/training/review.js": "The daily review of key facts",
           "assets/training/review-due.js": "Key-fact cards due today"}


def types_module() -> str:
    """The question-type table (generator.model.question_types) as the quiz code reads it."""
    table = json.dumps(browser_table(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f"/* Question types, from generator/model/question_types.py. */\nvar QUESTION_TYPES = {table};\n"


def module(name: str) -> str:
    return types_module() if name == "types" else (MODULES / f"{name}.js").read_text(encoding="utf-8")


def bundle(path: str) -> str:
    names = BUNDLES[path]
    if len(names) == 1:  # a page's own script, already in its own scope
        return module(names[0])
    return _scoped(_TITLES[path], "\n".join(module(name) for name in names))


RECORDS_SCRIPT = "assets/training/records.js"
RECORDS_MODULES = ("types", "dom", "store", "xapi", "recall", "records")


def records_bundle(endpoint: str, whoami: str, paths: list[dict]) -> str:
    """The learning-records script of a site built with records on: where statements go, who asks for the
    learner, and the paths (so finishing a step is reported as the path page shows it)."""
    settings = json.dumps({"endpoint": endpoint, "whoami": whoami, "paths": paths}, ensure_ascii=False,
                          separators=(",", ":"), sort_keys=True).replace("<", "\\u003c")
    config = f"/* Settings, from the training plugin's records options. */\nvar RECORDS = {settings};\n"
    return _scoped("Learning records (xAPI)", config + "\n".join(module(name) for name in RECORDS_MODULES))


def _scoped(title: str, body: str) -> str:
    return f'/* {title} (generator/browser/). */\n(function () {{\n"use strict";\n{body}\n}})();\n'
