"""What a site must be before it goes to the intranet: built by us, strictly, self-contained, script only
from the portal's own script files, and no exam text anywhere.

The build runs the same audit on the site it has just written, so a site that fails it is never
produced; `publish` runs it again on the folder it is given.
"""

from __future__ import annotations

import functools
from pathlib import Path, PurePosixPath
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from generator.forked import run_forked
from generator.html_audit import audit_css, audit_html, normalise_url
from generator.messages import text
from generator.publish.exam_scan import ExamText, exam_leaks
from generator.publish.manifest import MANIFEST, read_manifest
from generator.publish.search_check import audit_search_data

# Folders the build fills with scripts of its own (Material's bundles, the portal's scripts, vendored
# Mermaid); content cannot put a script there, because validation refuses script files in docs_dir.
SCRIPT_FOLDERS = ("assets/javascripts/", "assets/training/", "assets/vendor/", "search/")
_WORKER_SUFFIXES = (".js",)


def _text(file: Path) -> str:
    return file.read_text(encoding="utf-8", errors="replace")


def _script_target(page: str, src: str) -> str | None:
    """The site path a script address names, relative to the page; None when it leaves the site."""
    url = normalise_url(src)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    base = PurePosixPath(page).parent.as_posix()
    joined = normpath(f"{base}/{unquote(parts.path)}" if not parts.path.startswith("/") else unquote(parts.path)[1:])
    return None if joined.startswith("..") else joined


def _audit_file(site: Path, file: Path) -> list[str]:
    page, suffix = file.relative_to(site).as_posix(), file.suffix.lower()
    if suffix == ".css":
        return [f"{page}: {finding.describe()}" for finding in audit_css(_text(file))]
    audit = audit_html(_text(file))
    problems = [f"{page}:{finding.line}: {finding.describe()}" for finding in audit.findings]
    for line, src in audit.scripts:
        target = _script_target(page, src)
        if suffix == ".svg" or target is None or not target.startswith(SCRIPT_FOLDERS) \
                or not target.endswith(_WORKER_SUFFIXES) or not (site / target).is_file():
            problems.append(f"{page}:{line}: {text('B907', src=src[:120])}")
    return problems


def _audit_files(site: Path, files: list[Path]) -> list[str]:
    return [problem for file in files for problem in _audit_file(site, file)]


def audit_site(site: Path, workers: int = 1) -> list[str]:
    """`file:line: problem` for every page or stylesheet that would fetch from another origin or run
    script other than the portal's own script files. With `workers` > 1 a large site is read by that many
    forked processes (the messages come out in the same order)."""
    files = [file for file in sorted(site.rglob("*"))
             if file.is_file() and file.suffix.lower() in (".html", ".htm", ".css", ".svg")]
    if workers <= 1 or len(files) < 200:
        return _audit_files(site, files) + audit_search_data(site)
    chunks = [files[start::workers] for start in range(workers)]
    found = run_forked([functools.partial(_audit_files, site, chunk) for chunk in chunks], workers)
    order = {file.relative_to(site).as_posix(): index for index, file in enumerate(files)}

    def place(problem: str) -> int:
        return order.get(problem.split(":", 1)[0], len(order))

    return sorted((problem for part in found for problem in part), key=place) + audit_search_data(site)


def publishable_problems(site: Path, exam_texts: list[ExamText] | None = None) -> list[str]:
    if not (site / "index.html").is_file():
        return [f"{site}: {text('B908')}"]
    manifest = read_manifest(site)
    if manifest is None:
        return [f"{site}: {text('B909', manifest=MANIFEST)}"]
    problems = []
    if manifest.get("content") != "valid":
        problems.append(f"{site}: {text('B910')}")
    if not manifest.get("strict") or manifest.get("warnings", 1) != 0:
        problems.append(f"{site}: {text('B911')}")
    problems += audit_site(site)
    if exam_texts:
        problems += exam_leaks(site, exam_texts)
    return problems
