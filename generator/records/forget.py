"""Removing one learner's statements (PIPL: a person may ask for their records to be deleted). xAPI has no
delete, so this works on the store itself: Ralph's file-system backend keeps statements as JSON lines, which
are rewritten without the learner's and swapped in whole. Other backends: deploy/ralph/README.md."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from generator.messages import text
from generator.records.statements import learner_of


class ForgetError(Exception):
    """The store folder is missing or cannot be rewritten."""


def _keeps(line: str, learner: str) -> bool:
    try:
        statement = json.loads(line)
    except (ValueError, RecursionError):
        return True  # not ours to judge: kept as it is
    return not (isinstance(statement, dict) and learner_of(statement) == learner)


def forget_learner(store: Path, learner: str) -> int:
    """Statements removed from every *.jsonl file under `store`."""
    if not store.is_dir():
        raise ForgetError(text("X1753", store=store))
    removed = 0
    for file in sorted(store.rglob("*.jsonl")):
        if file.is_symlink() or not file.is_file():
            continue
        for _ in range(5):  # the LRS may append while we read: retry until the file stood still
            try:
                before = file.stat()
                # surrogateescape: bytes that are not UTF-8 are written back exactly as they were read
                with file.open(encoding="utf-8", errors="surrogateescape", newline="") as source:
                    lines = source.read().splitlines(keepends=True)
            except OSError as error:
                raise ForgetError(text("X1751", file=file, reason=error.strerror)) from None
            kept = [line for line in lines if not line.strip() or _keeps(line, learner)]
            if len(kept) == len(lines):
                break
            handle, temporary = tempfile.mkstemp(dir=file.parent, prefix=".forget-", suffix=".jsonl")
            try:
                with os.fdopen(handle, "w", encoding="utf-8", errors="surrogateescape", newline="") as out:
                    out.writelines(kept)
                os.chmod(temporary, before.st_mode & 0o777)
                after = file.stat()
                if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns):
                    continue
                os.replace(temporary, file)
                removed += len(lines) - len(kept)
                break
            except OSError as error:
                raise ForgetError(text("X1751", file=file, reason=error.strerror)) from None
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        else:
            raise ForgetError(text("X1754", file=file))
    return removed
