"""What a site must be before it goes to the intranet: built by us, strictly, self-contained, script only
from the portal's own script files, and no exam text anywhere.

The build runs the same audit on the site it has just written, so a site that fails it is never
produced; `publish` runs it again on the folder it is given.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from generator.html_audit import audit_css, audit_html, normalise_url
from generator.messages import text
from generator.publish.exam_scan import ExamText, exam_leaks
from generator.publish.manifest import MANIFEST, read_manifest

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


def audit_site(site: Path) -> list[str]:
    """`file:line: problem` for every page or stylesheet that would fetch from another origin or run
    script other than the portal's own script files."""
    problems = []
    for file in sorted(site.rglob("*")):
        suffix = file.suffix.lower()
        if not file.is_file() or suffix not in (".html", ".htm", ".css", ".svg"):
            continue
        page = file.relative_to(site).as_posix()
        if suffix == ".css":
            problems += [f"{page}: {finding.describe()}" for finding in audit_css(_text(file))]
            continue
        audit = audit_html(_text(file))
        problems += [f"{page}:{finding.line}: {finding.describe()}" for finding in audit.findings]
        for line, src in audit.scripts:
            target = _script_target(page, src)
            if suffix == ".svg" or target is None or not target.startswith(SCRIPT_FOLDERS) \
                    or not target.endswith(_WORKER_SUFFIXES) or not (site / target).is_file():
                problems.append(f"{page}:{line}: {text('B907', src=src[:120])}")
    return problems


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
