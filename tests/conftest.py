"""Shared fixtures: fixture content repositories copied into tmp dirs and built with the real CLI."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.forked import processors
from generator.mkdocs_plugin.material.worker_patch import material_worker

# The learning-records fixtures (`curriculum`, `generated`, module-scoped) shared by test_records.py and
# test_records_dashboard.py; a module that defines its own fixture of the same name uses its own.
pytest_plugins = ["records_data"]

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# Material's own search worker, as its package ships it (the site serves a changed copy under another name).
MATERIAL_WORKER = material_worker([str(Path(importlib.util.find_spec("material").origin).parent / "templates")])
BUILD_DATE = "2026-11-01"
# The page engine the suite builds with (make test ENGINE=properdocs runs it all on ProperDocs).
ENGINE = os.environ.get("TRAINING_ENGINE", "mkdocs")


@pytest.fixture(autouse=True)
def _language_kept():
    """A test that runs the command-line tool in-process with --lang en leaves the messages' language as it found
    it: the next test of the same process reads Chinese."""
    from generator.messages import language, set_language

    before = language()
    yield
    set_language(before)


class ContentRepo:
    """A content repository in a temp dir, edited by tests and built like a trainer would."""

    def __init__(self, root: Path):
        self.root = root

    @property
    def site(self) -> Path:
        return self.root / "site"

    def path(self, relative: str) -> Path:
        return self.root / relative

    def write(self, relative: str, text: str) -> None:
        target = self.path(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def read(self, relative: str) -> str:
        return self.path(relative).read_text(encoding="utf-8")

    def replace(self, relative: str, old: str, new: str) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, 1))

    def run(self, *args: str) -> subprocess.CompletedProcess:
        """`python -m generator --root <repo> ARGS`, as a trainer runs it: in a process of its own (forked from
        this already-loaded one, see run_cli), with its output and exit code."""
        return run_cli(["--root", str(self.root), *args], self.root)

    def without_paper(self) -> ContentRepo:
        """Builds print no handbook or role-play kit: for tests about pages, not paper (printing is most of a
        small site's build time; the paper has tests of its own)."""
        self.replace("mkdocs.yml", "  - training:\n", "  - training:\n      handbook_pdfs: false\n")
        return self

    def with_kits(self) -> ContentRepo:
        """Builds publish the role-play kits (a portal for trainers only; off by default)."""
        self.replace("mkdocs.yml", "  - training:\n", "  - training:\n      roleplay_kits: true\n")
        return self

    def build(self, *extra: str, engine: str = ENGINE) -> subprocess.CompletedProcess:
        return self.run("build", "--strict", "--engine", engine, *extra)

    def html(self, url_path: str) -> str:
        return (self.site / url_path / "index.html").read_text(encoding="utf-8")


# A build in a fresh interpreter spends about 2 s importing MkDocs, Material, jieba and WeasyPrint before any
# work: the suite's many builds run in a process forked from the test process instead, which has them loaded.
# ProperDocs must replace the mkdocs modules before they are imported, so its builds start afresh.
FORK_CLI = os.environ.get("TRAINING_TESTS_FORK", "1") == "1" and hasattr(os, "fork") and ENGINE == "mkdocs"


def _warm_up() -> None:
    import jieba
    import material.plugins.search.plugin  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import weasyprint  # noqa: F401

    import generator.cli  # noqa: F401
    import generator.mkdocs_plugin.build  # noqa: F401
    import generator.mkdocs_plugin.plugin  # noqa: F401

    jieba.setLogLevel(60)
    jieba.initialize()


def run_cli(argv: list[str], cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    """The command-line tool on `argv`, in a child process with its own output; the exit code as it would be."""
    command = [sys.executable, "-m", "generator", *argv]
    if not FORK_CLI or "properdocs" in argv:
        return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=timeout)
    _warm_up()
    import tempfile
    import time

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: the tool's main(), as `python -m generator` would run it
            code = 1
            try:
                os.chdir(cwd)
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
                sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
                import logging

                # The parent's logging goes to pytest's capture: the tool sets up its own, as in a fresh process.
                for name in (None, "mkdocs", "properdocs"):
                    for handler in list(logging.getLogger(name).handlers):
                        logging.getLogger(name).removeHandler(handler)
                from generator.cli import main

                code = main(argv)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        deadline = time.monotonic() + timeout
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                raise subprocess.TimeoutExpired(command, timeout)
            time.sleep(0.02)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(command, os.waitstatus_to_exitcode(status),
                                           out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


def site_config(build_date: str = BUILD_DATE) -> str:
    """The project's own mkdocs.yml, pointed at the project's theme overrides, with a fixed build date."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("custom_dir: site_overrides", f"custom_dir: {REPO / 'site_overrides'}")
    return text.replace("  - training:\n", f"  - training:\n      build_date: '{build_date}'\n")


def make_repo(destination: Path, fixture: str = "minimal") -> ContentRepo:
    shutil.copytree(FIXTURES / fixture, destination)
    repo = ContentRepo(destination)
    repo.write("mkdocs.yml", site_config())
    return repo


@pytest.fixture
def content_repo(tmp_path: Path) -> ContentRepo:
    return make_repo(tmp_path / "content")


def shared_folder(tmp_path_factory, name: str, make: Callable[[Path], str]) -> tuple[Path, str]:
    """A folder every test process reads, and what making it said: the first process to ask makes it, the
    others wait for that (pytest-xdist runs one process per processor; each would otherwise make its own)."""
    shared = tmp_path_factory.getbasetemp().parent if os.environ.get("PYTEST_XDIST_WORKER") else tmp_path_factory.getbasetemp()
    folder, log = shared / f"shared-{name}", shared / f"shared-{name}.log"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not log.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a failed attempt in another process left
            folder.mkdir()
            log.write_text(make(folder), encoding="utf-8")
    return folder, log.read_text(encoding="utf-8")


def shared_build(tmp_path_factory, name: str, make: Callable[[Path], ContentRepo]) -> ContentRepo:
    """A built site every test process reads (see shared_folder)."""
    def build(folder: Path) -> str:
        result = make(folder / "content").build()
        assert result.returncode == 0, result.stderr
        return result.stderr

    folder, build_log = shared_folder(tmp_path_factory, name, build)
    repo = ContentRepo(folder / "content")
    repo.build_log = build_log
    repo.engine = ENGINE
    return repo


@pytest.fixture(scope="session")
def built_fixture_site(tmp_path_factory) -> ContentRepo:
    """The fixture repository built as a trainers' portal: role-play kits published too (option roleplay_kits)."""
    return shared_build(tmp_path_factory, "fixture", lambda root: make_repo(root).with_kits())


def copy_of(built: ContentRepo, destination: Path) -> ContentRepo:
    """A shared built site's repository and site, copied for a test that changes them (times kept, so a --dirty
    build sees which files changed since)."""
    shutil.copytree(built.root, destination, symlinks=True)
    return ContentRepo(destination)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> ContentRepo:
    """The repository's own sample curriculum, built in strict mode into a temp dir."""
    return shared_build(tmp_path_factory, "sample", sample_repo)


@pytest.fixture(scope="session")
def sample_pack(sample_site, tmp_path_factory) -> Path:
    """The sample's whole trainer pack, as `make trainer-pack` prints it."""
    def print_pack(folder: Path) -> str:
        result = sample_site.run("trainer-pack", "--out", str(folder / "trainer-pack"))
        assert result.returncode == 0, result.stderr
        return result.stdout

    return shared_folder(tmp_path_factory, "sample-pack", print_pack)[0] / "trainer-pack"


def sample_repo(root: Path) -> ContentRepo:
    """A copy of the repository's own content (curriculum, assessments, handbooks) with the project's mkdocs.yml."""
    root.mkdir(parents=True)
    for name in ("curriculum", "assessments"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "handbooks.yml", root / "handbooks.yml")
    repo = ContentRepo(root)
    repo.write("mkdocs.yml", site_config())
    return repo


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def search_index(site: Path) -> dict:
    """A built site's search/search_index.json as Material's worker ends up with it: with jieba's word breaks, which
    the build keeps apart in the index's config, put back."""
    import json

    from generator.mkdocs_plugin.material.prebuilt import INDEX_FILE, with_word_breaks

    return with_word_breaks(json.loads((site / INDEX_FILE).read_text(encoding="utf-8")))


def serve(directory: Path):
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# One page of each kind in the sample portal, for checks that must hold on every kind of page.
SAMPLE_PAGE_TYPES = {
    "home": "",
    "catalog": "catalog/",
    "course": "courses/advanced/complaint-deescalation/",
    "path": "paths/new-hire-30-days/",
    "milestone quiz": "quizzes/new-hire-week2-check/",
    "scenario": "scenarios/promo-delay-third-call/",
    "cohort": "cohorts/new-hire-2026-12/",
    "case": "cases/foundation/refund-third-call/",
    "case library": "cases/",
    "competency matrix": "competencies/",
    "glossary": "glossary/",
    "authoring guide": "guide/",
}

# Debian's build of Chromium's headless shell: the same Blink and V8 as the `chromium` package (one source package,
# one version), the browser Playwright itself runs headless tests on, without the full browser's start-up per
# context. The full browser took three times the processor time (about 0.7 s for every new context, even one
# showing a blank page) and was about two fifths of the whole suite's processor time. The screenshots and the
# benchmarks' timings keep the full browser, as agents meet it.
CHROMIUM = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium-headless-shell is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def sample_server(sample_site):
    server, url = serve(sample_site.site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def fixture_server(built_fixture_site):
    server, url = serve(built_fixture_site.site)
    yield url
    server.shutdown()


@pytest.fixture
def page(browser):
    """A fresh browser context per test, so localStorage starts empty."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def pytest_xdist_auto_num_workers(config) -> int:
    """One process more than processors (`-n auto`): much of the suite waits on Chromium, nginx, Ralph and
    printing processes, and a third process on two processors fills those waits (whole suite: 387 s against
    434 s with two)."""
    return processors() + 1


# The files of 10 s or more, longest first (the sum of each file's test durations in a whole run on 3 processes,
# 2026-12-05): pytest-xdist (--dist loadfile) hands whole files out in collection order, and a long file handed out
# last keeps one process busy after the others have finished (test_fuzz_content.py alone for the last 50 s of a run
# on 2026-12-04; test_benchmarks.py, one test of 30 s, near the end of one on 2026-12-05; test_search_relevance.py,
# 15 s mostly waiting on Chromium, at the end of another).
LONGEST_FILES = ("test_print_finish.py", "test_fuzz_content.py", "test_browser_search.py", "test_preview.py",
                 "test_search_prebuilt.py", "test_browser_records.py", "test_handbook_pieces.py", "test_benchmarks.py",
                 "test_browser_layout.py", "test_hostile_publish.py", "test_records_gate.py", "test_trainer_pack.py",
                 "test_hostile_pages.py", "test_browser_intranet.py", "test_browser_csp.py", "test_engines.py",
                 "test_browser_accessibility.py", "test_hostile_paper.py", "test_review.py", "test_browser_progress.py",
                 "test_browser_quiz.py", "test_handbooks.py", "test_browser_scenario.py", "test_search_relevance.py",
                 "test_publish.py")


def pytest_collection_modifyitems(items) -> None:
    rank = {name: index for index, name in enumerate(LONGEST_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


MODULES_ORIGIN = "http://modules.test/"


def open_browser_modules(context, names: tuple[str, ...]):
    """A blank page of `context` that imports the named browser modules (generator/browser/) as a page of the
    site does, served from assets/training/, with their exports on `window`: returns the page."""
    from generator import browser as browser_code

    def serve_module(route) -> None:
        name = route.request.url.removeprefix(MODULES_ORIGIN + browser_code.FOLDER + "/").removesuffix(".js")
        if name == "modules.html":
            route.fulfill(content_type="text/html", body="<!doctype html><meta charset=utf-8><title>modules</title>")
        elif name == browser_code.RECORDS_SETTINGS:
            route.fulfill(content_type="text/javascript",
                          body=browser_code.records_settings_module("/records/", "/records/whoami", []))
        else:
            route.fulfill(content_type="text/javascript", body=browser_code.served(name))

    page = context.new_page()
    page.route(MODULES_ORIGIN + "**", serve_module)
    page.goto(MODULES_ORIGIN + browser_code.FOLDER + "/modules.html")
    page.evaluate("async names => { for (const name of names) Object.assign(window, await import(`./${name}.js`)); }",
                  list(names))
    return page


@contextlib.contextmanager
def browser_modules(browser, names: tuple[str, ...]):
    """A blank page holding the named browser modules (generator/browser/), to call their pure functions: yields
    `js(expression, *args)`."""
    context = browser.new_context()
    page = open_browser_modules(context, names)
    try:
        yield lambda expression, *args: page.evaluate(expression, *args)
    finally:
        context.close()
