"""Where trainer paper (the trainer pack, a cohort's pack) may be written, and writing it there whole or not at
all: the pack holds exam answers."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.messages import text
from generator.paper.pdf import PaperError

DEFAULT_FOLDER = "trainer-pack"  # git-ignored
_STAGING = ".printing-"


@dataclass(frozen=True)
class PackFolderRules:
    """Where a pack holding exam answers may land. Inside the repository only its git-ignored folder, reached
    without a single symbolic link (a committed link could steer the answers anywhere); never, by any route,
    into a published folder (the site, docs_dir, the theme folder) or a web server's folder."""

    root: Path
    published: tuple[Path, ...]
    published_code: str = "D1104"  # the messages name what is written: a pack, an exported bank
    inside_code: str = "D1105"

    def check(self, out: Path) -> None:
        """Refuse `out` (a PaperError saying why); run for the pack's folder and for every folder under it a
        document goes into."""
        lexical = Path(os.path.abspath(out))
        resolved = lexical.resolve()
        roots = {self.root, self.root.resolve()}
        inside = next((root for root in roots if lexical.is_relative_to(root)), None)
        link = _first_link(inside, lexical) if inside is not None else None
        if link is not None:
            raise PaperError(text("D1114", out=out, link=link))
        for folder in self.published:
            folder = folder.resolve()
            if resolved == folder or resolved.is_relative_to(folder) or folder.is_relative_to(resolved):
                raise PaperError(text(self.published_code, out=out, folder=folder))
        served = _served_folder(resolved)
        if served is not None:
            raise PaperError(text("D1115", out=out, folder=served))
        root = self.root.resolve()
        if resolved.is_relative_to(root) and not resolved.is_relative_to(root / DEFAULT_FOLDER):
            raise PaperError(text(self.inside_code, out=out, default=DEFAULT_FOLDER))

    def check_tree(self, out: Path) -> None:
        """`check` for the folder and for every link already in it (down to the depth a pack uses), before
        anything is printed."""
        self.check(out)
        for link in _links_under(out, _PACK_DEPTH):
            self.check(link)


def refuse_unsafe_folder(out: Path, root: Path, published: list[Path], published_code: str = "D1104",
                         inside_code: str = "D1105") -> PackFolderRules:
    """The rules for a pack's folder (or anything else holding answers: an exported bank), after checking the
    folder and the links already in it against them."""
    rules = PackFolderRules(root, tuple(published), published_code, inside_code)
    rules.check_tree(out)
    return rules


_PACK_DEPTH = 3  # cohorts/<id>/plan.pdf


def _links_under(folder: Path, depth: int) -> list[Path]:
    if depth == 0 or folder.is_symlink() or not folder.is_dir():
        return []
    found = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []  # reported when the pack is written there
    for entry in entries:
        if entry.is_symlink():
            found.append(entry)
        elif entry.is_dir():
            found += _links_under(entry, depth - 1)
    return found


def _first_link(top: Path, path: Path) -> Path | None:
    """The first symbolic link on the way down from `top` (not included) to `path` (included)."""
    current = top
    for part in path.relative_to(top).parts:
        current = current / part
        if current.is_symlink():
            return current
    return None


# Signs of a folder a web server serves: the publishing layout of `publish` (a `current` link beside
# `releases/`, its lock file), a built page.
_SERVED_SIGNS = (("current", "releases"), (".publish.lock",), ("index.html",), ("training-build.json",))
_WEB_ROOTS = (Path("/var/www"), Path("/usr/share/nginx"), Path("/srv/www"), Path("/srv/http"))


def _served_folder(resolved: Path) -> Path | None:
    """The web server's folder `resolved` lies in (or is), or None."""
    for folder in (resolved, *resolved.parents):
        if any(all((folder / name).exists() or (folder / name).is_symlink() for name in sign) for sign in _SERVED_SIGNS):
            return folder
        if folder in _WEB_ROOTS:
            return folder
    return None


@contextlib.contextmanager
def printed_into(out: Path, rules: PackFolderRules | None = None) -> Iterator[Path]:
    """A folder to print into whose files join `out` only once every document has printed and every place they
    go to has been checked: a pack that fails leaves `out` as it was (a new pack replaces an earlier one's files
    of the same name, and keeps the rest). Folders it had to create are removed again when nothing went in."""
    created = [folder for folder in (out, *out.parents) if not folder.exists()]  # deepest first
    out.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(out)
    # Inside `out`, never anywhere less private (mode 0700); named after this process, so a later run can
    # tell a folder a killed run left behind from one another run is still printing into.
    staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{os.getpid()}-", dir=out))
    try:
        yield staging
        _move_in(staging, out, rules)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in created:
            try:
                folder.rmdir()  # only an empty one
            except OSError:
                break


def _move_in(staging: Path, out: Path, rules: PackFolderRules | None) -> None:
    moves = [(file, out / file.relative_to(staging)) for file in sorted(staging.rglob("*")) if file.is_file()]
    if rules is not None:  # a folder of an earlier pack may be a link by now
        for folder in sorted({target.parent for _, target in moves}):
            rules.check(folder)
    for _, target in moves:  # every place checked before the first file moves
        if target.exists() and not target.is_file():
            raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        folder = target.parent
        while folder != out:
            if folder.exists() and not folder.is_dir():
                raise OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
            folder = folder.parent
    for file, target in moves:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(file, target)  # copies across file systems (a subfolder may be a link to another disk)


def _remove_abandoned_staging(out: Path) -> None:
    for folder in out.glob(f"{_STAGING}*"):
        pid = folder.name[len(_STAGING):].split("-", 1)[0]
        if folder.is_dir() and not folder.is_symlink() and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    return True
