"""What git knows about the content: when each file last changed, and a file as it was at a ref."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    # File names come NUL-separated (-z) and unquoted: a name with Chinese characters, spaces or quotes is
    # the name on disk.
    return subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(root), *args], capture_output=True,
                          text=True, encoding="utf-8", errors="surrogateescape", timeout=120)


def is_repository(root: Path) -> bool:
    try:
        return _git(root, "rev-parse", "--is-inside-work-tree").stdout.strip() == "true"
    except (OSError, subprocess.TimeoutExpired):
        return False


@dataclass(frozen=True)
class FileChange:
    """The newest commit that touched a file: its date and subject line (what changed)."""

    date: dt.date
    subject: str


def last_changes(root: Path, folders: list[str]) -> dict[str, FileChange]:
    """Root-relative path -> the newest commit that touched it, from a single `git log`."""
    if not is_repository(root):
        return {}
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.strip()  # root relative to the repository top
    log = _git(root, "log", "-z", "--format=%x01%cs%x02%s", "--name-only", "--no-renames", "--", *folders)
    if log.returncode != 0:
        return {}
    changes: dict[str, FileChange] = {}
    current: FileChange | None = None
    for token in log.stdout.split("\x00"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            date, _, subject = token[1:].partition("\x02")
            current = FileChange(dt.date.fromisoformat(date), subject.strip())
        elif token and current and token.startswith(prefix):
            changes.setdefault(token[len(prefix):], current)  # newest first: the first commit seen is the last change
    return changes


def merge_base(root: Path, base: str) -> str | None:
    result = _git(root, "merge-base", base, "HEAD")
    return result.stdout.strip() if result.returncode == 0 else None


def changed_files(root: Path, since: str, folder: str) -> list[str]:
    """Root-relative paths changed between a commit and the working tree."""
    prefix = _git(root, "rev-parse", "--show-prefix").stdout.strip()
    result = _git(root, "diff", "-z", "--name-only", "--no-renames", since, "--", folder)
    return [name[len(prefix):] for name in result.stdout.split("\x00") if name and name.startswith(prefix)]


def file_at(root: Path, ref: str, path: str) -> str | None:
    result = _git(root, "show", f"{ref}:./{path}")
    return result.stdout if result.returncode == 0 else None
