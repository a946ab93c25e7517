"""Releases under <webroot>/releases/, and <webroot>/current, a symlink switched by one rename."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from generator.publish.manifest import read_manifest
from generator.publish.site_check import publishable_problems

RELEASES = "releases"
CURRENT = "current"
KEEP = 5


class PublishError(Exception):
    pass


def releases(webroot: Path) -> list[str]:
    folder = webroot / RELEASES
    if not folder.is_dir():
        return []
    # Names start with a UTC timestamp, so name order is publishing order.
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def current_release(webroot: Path) -> str | None:
    link = webroot / CURRENT
    if not link.is_symlink():
        return None
    return Path(os.readlink(link)).name


def _release_name(site: Path, releases_dir: Path, now: dt.datetime) -> str:
    sha = (read_manifest(site) or {}).get("git") or "nogit"
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    taken = {name.split("-", 1)[0] for name in releases(releases_dir.parent)}
    unique, counter = stamp, 1
    while unique in taken:  # two releases in one second still sort in publishing order
        counter += 1
        unique = f"{stamp}.{counter}"
    return f"{unique}-{sha}"


def switch(webroot: Path, name: str) -> None:
    """Point `current` at a release: a new symlink renamed over the old one, so a reader always finds one."""
    link = webroot / CURRENT
    if link.exists() and not link.is_symlink():
        raise PublishError(f"{link} is a real directory, not a symlink; move it away once, then publish")
    staging = webroot / f".{CURRENT}-{os.getpid()}"
    if staging.is_symlink() or staging.exists():
        staging.unlink()
    os.symlink(f"{RELEASES}/{name}", staging)
    os.replace(staging, link)


def publish(site: Path, webroot: Path, keep: int = KEEP, now: dt.datetime | None = None) -> str:
    problems = publishable_problems(site)
    if problems:
        raise PublishError("not published:\n  " + "\n  ".join(problems))
    releases_dir = webroot / RELEASES
    releases_dir.mkdir(parents=True, exist_ok=True)
    name = _release_name(site, releases_dir, now or dt.datetime.now(dt.timezone.utc))
    incoming = releases_dir / f".incoming-{name}"
    shutil.copytree(site, incoming, symlinks=False)
    incoming.chmod(0o755)
    os.rename(incoming, releases_dir / name)
    switch(webroot, name)
    prune(webroot, keep)
    return name


def prune(webroot: Path, keep: int = KEEP) -> list[str]:
    current = current_release(webroot)
    names = releases(webroot)
    removed = []
    for name in names[: max(0, len(names) - keep)]:
        if name != current:
            shutil.rmtree(webroot / RELEASES / name)
            removed.append(name)
    return removed


def rollback(webroot: Path) -> str:
    current = current_release(webroot)
    names = releases(webroot)
    if current not in names:
        raise PublishError(f"{webroot / CURRENT} does not point at a release; nothing to roll back from")
    index = names.index(current)
    if index == 0:
        raise PublishError(f"{current} is the oldest release kept; there is nothing to roll back to")
    switch(webroot, names[index - 1])
    return names[index - 1]
