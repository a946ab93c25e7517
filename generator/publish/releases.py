"""Releases under <webroot>/releases/, and <webroot>/current, a symlink switched by one rename.

One publish or rollback at a time per web root (a lock file); a failure of the disk (read-only, full,
gone) leaves `current` as it was, removes what the failed run wrote, and says so in one line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.messages import os_error_reason, text
from generator.publish.manifest import read_manifest
from generator.publish.site_check import publishable_problems

RELEASES = "releases"
CURRENT = "current"
KEEP = 5
LOCK = ".publish.lock"
LOCK_WAIT_SECONDS = 60.0
_INCOMING = ".incoming-"


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


@contextlib.contextmanager
def webroot_lock(webroot: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the web root's lock; another publish or rollback waits for it, at most `wait` seconds."""
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    try:
        handle = open(webroot / LOCK, "a+")
    except OSError as error:
        raise PublishError(text("P1001", webroot=webroot, reason=os_error_reason(error))) from None
    with handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PublishError(text("P1002", webroot=webroot, seconds=f"{wait:.0f}")) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
        raise PublishError(text("P1003", link=link))
    staging = webroot / f".{CURRENT}-{os.getpid()}"
    try:
        if staging.is_symlink() or staging.exists():
            staging.unlink()
        os.symlink(f"{RELEASES}/{name}", staging)
        os.replace(staging, link)
    except OSError:
        with contextlib.suppress(OSError):
            staging.unlink()
        raise


def _copy_tree(source: Path, target: Path) -> None:
    """copytree that fails with the first error as it is (a full disk, not a list of every file after it)."""
    failures: list[OSError] = []

    def copy(src: str, dst: str) -> object:
        try:
            return shutil.copy2(src, dst)
        except OSError as error:
            failures.append(error)
            raise

    try:
        shutil.copytree(source, target, symlinks=False, copy_function=copy)
    except shutil.Error:
        if failures:
            raise failures[0] from None
        raise


def _clean_leftovers(webroot: Path) -> None:
    """What a run that crashed or lost its disk left behind (runs under the lock, so none is in use)."""
    for leftover in (webroot / RELEASES).glob(f"{_INCOMING}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in webroot.glob(f".{CURRENT}-*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _check_places(site: Path, webroot: Path) -> None:
    site, root = site.resolve(), webroot.resolve()
    if root == site or root.is_relative_to(site) or site.is_relative_to(root):
        raise PublishError(text("P1004", webroot=webroot, site=site))
    if not root.exists():
        if not root.parent.is_dir():
            raise PublishError(text("P1005", folder=root.parent))
        try:
            root.mkdir()
        except OSError as error:
            raise PublishError(text("P1006", webroot=root, reason=os_error_reason(error))) from None
    elif not root.is_dir():
        raise PublishError(text("P1007", webroot=root))


def _guarded(action: str, webroot: Path, run: Callable[[], str]) -> str:
    try:
        with webroot_lock(webroot):
            _clean_leftovers(webroot)
            try:
                return run()
            finally:
                _clean_leftovers(webroot)
    except OSError as error:
        raise PublishError(text("P1008", action=text(action), current=webroot / CURRENT, reason=os_error_reason(error))) from None


def publish(site: Path, webroot: Path, keep: int = KEEP, now: dt.datetime | None = None,
            exam_texts: list | None = None) -> str:
    if keep < 1:
        raise PublishError(text("P1009", keep=keep))
    _check_places(site, webroot)
    problems = publishable_problems(site, exam_texts)
    if problems:
        raise PublishError(text("P1010") + "\n  " + "\n  ".join(problems))

    def run() -> str:
        releases_dir = webroot / RELEASES
        releases_dir.mkdir(exist_ok=True)
        name = _release_name(site, releases_dir, now or dt.datetime.now(dt.UTC))
        incoming = releases_dir / f"{_INCOMING}{name}"
        _copy_tree(site, incoming)
        incoming.chmod(0o755)
        os.rename(incoming, releases_dir / name)
        try:
            switch(webroot, name)
        except OSError:
            shutil.rmtree(releases_dir / name, ignore_errors=True)
            raise
        prune(webroot, keep)
        return name

    return _guarded("P1014", webroot, run)


def prune(webroot: Path, keep: int = KEEP) -> list[str]:
    current = current_release(webroot)
    names = releases(webroot)
    removed = []
    for name in names[: max(0, len(names) - max(keep, 1))]:
        if name != current:
            shutil.rmtree(webroot / RELEASES / name)
            removed.append(name)
    return removed


def rollback(webroot: Path) -> str:
    if not webroot.is_dir():
        raise PublishError(text("P1011", webroot=webroot))

    def run() -> str:
        current = current_release(webroot)
        names = releases(webroot)
        if current not in names:
            raise PublishError(text("P1012", current=webroot / CURRENT))
        index = names.index(current)
        if index == 0:
            raise PublishError(text("P1013", name=current))
        switch(webroot, names[index - 1])
        return names[index - 1]

    return _guarded("P1015", webroot, run)
