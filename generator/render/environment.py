"""The Jinja environment for generated fragments; a site overrides templates by name."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import jinja2

from generator.model.question_types import QUESTION_TYPES
from generator.render.markup import render_inline, render_markdown

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def format_minutes(minutes: int) -> str:
    if minutes < 60:
        return f"{minutes} 分钟"
    hours, rest = divmod(minutes, 60)
    return f"{hours} 小时" if not rest else f"{hours} 小时 {rest} 分钟"


def format_money(value: object) -> str:
    """1234.5 -> 1,234.5; whole numbers without decimals."""
    number = Decimal(str(value))
    return f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{number:,.0f}"


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
    )
    env.filters["markdown"] = render_markdown
    env.filters["inline"] = render_inline
    env.filters["minutes"] = format_minutes
    env.filters["money"] = format_money
    env.globals["question_types"] = QUESTION_TYPES
    return env
