"""What a site must be before it goes to the intranet: built by us, strictly, and self-contained."""

from __future__ import annotations

import re
from pathlib import Path

from generator.publish.manifest import MANIFEST, read_manifest

# Elements whose address the browser fetches on its own; <a href> is navigation and may point anywhere.
_FETCHED = re.compile(
    r"<(?P<tag>script|img|iframe|source|video|audio|embed|track|input)\b[^>]*?\s(?:src|srcset|poster|data)\s*=\s*[\"'](?P<url>[^\"']+)",
    re.IGNORECASE,
)
_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_LINK_FETCHING = re.compile(r"\brel\s*=\s*[\"'][^\"']*\b(stylesheet|icon|preload|prefetch|modulepreload|manifest|preconnect|dns-prefetch)\b", re.IGNORECASE)
_HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*[\"']?([^\"')\s]+)|@import\s+[\"']([^\"']+)", re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/(?:ld\+)?json\")[^>]*>\s*\S", re.IGNORECASE)
_OUTSIDE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def _outside(url: str) -> bool:
    return bool(_OUTSIDE.match(url)) and not url.lower().startswith(("data:", "blob:"))


def outside_references(site: Path) -> list[str]:
    """`file: address` for every resource a page or stylesheet would fetch from another origin."""
    found = []
    for file in sorted(site.rglob("*")):
        if file.suffix not in (".html", ".css") or not file.is_file():
            continue
        text = file.read_text(encoding="utf-8", errors="replace")
        urls: list[str] = []
        if file.suffix == ".html":
            urls += [m.group("url") for m in _FETCHED.finditer(text)]
            for tag in _LINK.findall(text):
                href = _HREF.search(tag)
                if href and _LINK_FETCHING.search(tag):
                    urls.append(href.group(1))
            urls += [a or b for a, b in _CSS_URL.findall(" ".join(re.findall(r"<style\b.*?</style>|style=\"[^\"]*\"", text, re.S)))]
        else:
            urls += [a or b for a, b in _CSS_URL.findall(text)]
        for url in urls:
            candidates = [part.strip().split(" ")[0] for part in url.split(",")]  # srcset lists several
            found += [f"{file.relative_to(site).as_posix()}: {u}" for u in candidates if _outside(u)]
    return found


def inline_scripts(site: Path) -> list[str]:
    """Pages that run inline JavaScript, which the shipped Content-Security-Policy (script-src 'self') blocks."""
    return [
        file.relative_to(site).as_posix()
        for file in sorted(site.rglob("*.html"))
        if _INLINE_SCRIPT.search(file.read_text(encoding="utf-8", errors="replace"))
    ]


def publishable_problems(site: Path) -> list[str]:
    if not (site / "index.html").is_file():
        return [f"{site}: no index.html; build the site first (make portal)"]
    manifest = read_manifest(site)
    if manifest is None:
        return [f"{site}: no {MANIFEST}; only a site built by the generator (make portal) can be published"]
    problems = []
    if manifest.get("content") != "valid":
        problems.append(f"{site}: the build did not validate the content")
    if not manifest.get("strict"):
        problems.append(f"{site}: built without --strict; warnings may have been ignored (use make portal)")
    problems += [f"refers outside its origin: {reference}" for reference in outside_references(site)]
    problems += [f"{page}: runs an inline script, which the portal's Content-Security-Policy blocks"
                 for page in inline_scripts(site)]
    return problems
