"""Where trainer paper (the trainer pack, a cohort's pack) may be written, and writing it there whole or not at
all: the pack holds exam answers."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.messages import text
from generator.paper.pdf import PaperError

DEFAULT_FOLDER = "trainer-pack"  # git-ignored
_STAGING = ".printing-"


def refuse_unsafe_folder(out: Path, root: Path, published: list[Path], published_code: str = "D1104",
                         inside_code: str = "D1105") -> None:
    """The pack (or anything else holding answers: an exported bank) never goes into a published folder, and
    inside the repository only into its own git-ignored folder, where nothing commits or publishes it. The message
    codes name what is being written."""
    out = out.resolve()
    for folder in published:
        folder = folder.resolve()
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            raise PaperError(text(published_code, out=out, folder=folder))
    root = root.resolve()
    if out.is_relative_to(root) and not out.is_relative_to(root / DEFAULT_FOLDER):
        raise PaperError(text(inside_code, out=out, default=DEFAULT_FOLDER))


@contextlib.contextmanager
def printed_into(out: Path) -> Iterator[Path]:
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
        _move_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for folder in created:
            try:
                folder.rmdir()  # only an empty one
            except OSError:
                break


def _move_in(staging: Path, out: Path) -> None:
    moves = [(file, out / file.relative_to(staging)) for file in sorted(staging.rglob("*")) if file.is_file()]
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
