"""The portal's Material templates and copies of Material's inline scripts, placed behind the site's own
`custom_dir` and before Material's templates."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from generator.mkdocs_plugin.material.nav import NavRenderer

THEME_DIR = Path(__file__).resolve().parent / "theme"


def add_portal_templates(config: MkDocsConfig) -> None:
    dirs = config.theme.dirs
    if str(THEME_DIR) in dirs:
        return
    position = 1 if config.theme.custom_dir and dirs and dirs[0] == config.theme.custom_dir else 0
    dirs.insert(position, str(THEME_DIR))


def add_navigation_renderer(env: Any, config: MkDocsConfig) -> None:
    """Material's primary navigation written once per part of the tree (nav.py), through theme/partials/nav.html."""
    env.globals["training_nav"] = NavRenderer(config.theme.get("features") or []).render
