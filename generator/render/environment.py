"""The Jinja environment for generated fragments; a site overrides templates by name."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import jinja2
import jinja2.bccache

from generator.model.question_types import QUESTION_TYPES
from generator.render.markup import render_inline, render_markdown

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def format_minutes(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} 分钟"
    hours, rest = divmod(minutes, 60)
    return f"{hours} 小时" if not rest else f"{hours} 小时 {rest} 分钟"


# Characters of a title a printed page repeats in its header: a header is one line, and WeasyPrint lays out the
# whole running string on every page (a 2,000-character title took a small handbook from 2 s to 22 s).
RUNNING_HEAD_LENGTH = 36


def running_head(title: object) -> str:
    text = " ".join(str(title).split())
    return text if len(text) <= RUNNING_HEAD_LENGTH else text[:RUNNING_HEAD_LENGTH - 1] + "…"


def format_money(value: object) -> str:
    """1234.5 -> 1,234.5; whole numbers without decimals."""
    number = Decimal(str(value))
    return f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{number:,.0f}"


class TemplateBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the rebuilds of a preview and on disk for the next build:
    compiling the theme's and the portal's templates is about 2 s of every build. On disk it is Jinja's
    private per-user folder (made mode 0700 and checked to be the user's own); an entry is used only for
    the template source it was compiled from (Jinja compares checksums), so an edited template, or another
    repository's override of the same name, is compiled afresh."""

    def __init__(self) -> None:
        self._memory: dict[str, bytes] = {}
        self._disk: jinja2.FileSystemBytecodeCache | None
        try:
            self._disk = jinja2.FileSystemBytecodeCache()
        except (OSError, RuntimeError):  # no private folder to be had: compile once per process
            self._disk = None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._memory:
            bucket.bytecode_from_string(self._memory[bucket.key])
            return
        if self._disk is not None:
            try:
                self._disk.load_bytecode(bucket)
            except Exception:  # an unreadable or foreign entry: compile from source, as without a cache
                bucket.reset()
            if bucket.code is not None:
                self._memory[bucket.key] = bucket.bytecode_to_string()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._memory[bucket.key] = bucket.bytecode_to_string()
        if self._disk is not None:
            try:
                self._disk.dump_bytecode(bucket)
            except OSError:  # a full or read-only disk costs the next build its compile time, nothing more
                pass


@functools.cache
def template_bytecode_cache() -> TemplateBytecodeCache:
    """One per process: the portal's environment and the theme's share it."""
    return TemplateBytecodeCache()


def create_environment(override_dirs: Iterable[str | Path] = ()) -> jinja2.Environment:
    """Autoescaping environment: override directories first, the package's templates last. Jinja checks
    template files for changes itself (auto_reload), so a previewing process may keep one."""
    loader = jinja2.FileSystemLoader([*map(str, override_dirs), str(TEMPLATES_DIR)])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=template_bytecode_cache(),
    )
    env.filters["markdown"] = render_markdown
    env.filters["inline"] = render_inline
    env.filters["minutes"] = format_minutes
    env.filters["money"] = format_money
    env.filters["running_head"] = running_head
    env.globals["question_types"] = QUESTION_TYPES
    return env
