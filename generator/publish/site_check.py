"""What a site must be before it goes to the intranet: built by us, strictly, self-contained, script only
from the portal's own script files, and no exam text anywhere.

The build runs the same audit on the site it has just written, so a site that fails it is never
produced; `publish` runs it again on the folder it is given.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from dataclasses import dataclass
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
AUDITED_SUFFIXES = (".html", ".htm", ".css", ".svg")
# Files whose audit does not depend on the path the site is served under (no script may load from them at all).
MOUNT_FREE_SUFFIXES = (".css", ".svg")


def site_mount(site_url: str | None) -> str:
    """The path the site is served under ("/portal/"), from mkdocs.yml's site_url: MkDocs writes the 404 page's
    addresses from it, so that page works at any depth."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def _script_target(page: str, src: str, mount: str = "/") -> str | None:
    """The site path a script address names, relative to the page, or from the server's root for a site
    served under `mount`; None when it leaves the site."""
    url = normalise_url(src)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(mount):
            return None
        joined = normpath(path[len(mount):] or ".")
    else:
        joined = normpath(f"{PurePosixPath(page).parent.as_posix()}/{path}")
    return None if joined.startswith("..") or joined.startswith("/") else joined


@dataclass(frozen=True)
class PageAudit:
    """What a page or stylesheet would fetch or run, read from its text: located problems, and the portal
    script files it loads (which must exist in the site, checked once the site is written)."""

    digest: str  # of the bytes audited: a file written otherwise is audited again
    problems: tuple[str, ...]
    scripts: tuple[tuple[int, str, str], ...]  # (line, src, site path)


def audit_text(page: str, content: str, mount: str = "/") -> PageAudit:
    """The audit of one published file's text; `page` is its path in the site."""
    digest = _digest(content.encode("utf-8", errors="xmlcharrefreplace"))
    suffix = PurePosixPath(page).suffix.lower()
    if suffix == ".css":
        return PageAudit(digest, tuple(f"{page}: {finding.describe()}" for finding in audit_css(content)), ())
    audit = audit_html(content)
    problems = [f"{page}:{finding.line}: {finding.describe()}" for finding in audit.findings]
    scripts = []
    for line, src in audit.scripts:
        target = _script_target(page, src, mount)
        if suffix == ".svg" or target is None or not target.startswith(SCRIPT_FOLDERS) \
                or not target.endswith(_WORKER_SUFFIXES):
            problems.append(f"{page}:{line}: {text('B907', src=src[:120])}")
        else:
            scripts.append((line, src, target))
    return PageAudit(digest, tuple(problems), tuple(scripts))


def audit_bytes(page: str, raw: bytes, mount: str = "/") -> PageAudit:
    """The audit of a published file as its bytes: what `_audit_files` reads from the written site."""
    return dataclasses.replace(audit_text(page, raw.decode("utf-8", errors="replace"), mount), digest=_digest(raw))


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _problems(site: Path, page: str, audit: PageAudit) -> list[str]:
    return [*audit.problems, *(f"{page}:{line}: {text('B907', src=src[:120])}" for line, src, target in audit.scripts
                               if not (site / target).is_file())]


def _audit_files(site: Path, files: list[Path], known: dict[str, PageAudit], mount: str = "/") -> list[str]:
    problems = []
    for file in files:
        page, raw = file.relative_to(site).as_posix(), file.read_bytes()
        audit = known.get(page)
        if audit is None or audit.digest != _digest(raw):
            audit = audit_bytes(page, raw, mount)
        problems += _problems(site, page, audit)
    return problems


def audit_site(site: Path, workers: int = 1, known: dict[str, PageAudit] | None = None,
               only_known: bool = False, mount: str = "/") -> list[str]:
    """`file:line: problem` for every page or stylesheet that would fetch from another origin or run
    script other than the portal's own script files. `known`: pages audited as the build wrote them, skipped
    when the file still holds exactly what was audited; `only_known`: those pages alone (a preview). With
    `workers` > 1 a large site is read by that many forked processes (the messages come out in the same order);
    `mount`: the path the site is served under (site_mount)."""
    known = known or {}
    if only_known:
        files = [site / page for page in sorted(known) if (site / page).is_file()]
    else:
        files = [file for file in sorted(site.rglob("*"))
                 if file.is_file() and file.suffix.lower() in AUDITED_SUFFIXES]
    unknown = sum(1 for file in files if file.relative_to(site).as_posix() not in known)
    if workers <= 1 or unknown < 200:
        return _audit_files(site, files, known, mount) + audit_search_data(site)
    chunks = [files[start::workers] for start in range(workers)]
    found = run_forked([functools.partial(_audit_files, site, chunk, known, mount) for chunk in chunks], workers)
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
    problems += audit_site(site, mount=str(manifest.get("mount") or "/"))
    if exam_texts:
        problems += exam_leaks(site, exam_texts)
    return problems
