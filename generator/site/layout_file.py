"""mkdocs.yml as the command-line tool reads it, without MkDocs: read once per version of the file, with MkDocs'
own defaults, and the training plugin's options checked by the function the plugin uses (generator.site.options).

mkdocs.yml may hold tags such as !!python/name that a plain safe loader refuses, so unknown tags are read as
nothing. Where MkDocs runs (the plugin), its own loader reads the file and this module is not used.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ContentError, problem
from generator.model.layout import ContentLayout
from generator.site.options import OptionsError, SiteOptions, content_layout, read_options

# MkDocs' defaults (mkdocs/config/defaults.py), for a key that is missing and for a missing file alike.
DEFAULT_DOCS_DIR = "docs"
DEFAULT_SITE_DIR = "site"


class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class ProjectFile:
    """What the tools read of mkdocs.yml."""

    site_name: str = ""
    site_url: str = ""
    docs_dir: str = DEFAULT_DOCS_DIR
    site_dir: str = DEFAULT_SITE_DIR
    custom_dir: str | None = None
    training: dict[str, Any] = field(default_factory=dict)  # the plugin's options as written


def read_project(root: Path, config_file: str = "mkdocs.yml") -> ProjectFile:
    """mkdocs.yml, parsed once per version of the file (the commands ask for it several times)."""
    path = root / config_file
    try:
        info = path.stat()
    except OSError:
        return ProjectFile()
    return _parsed(str(path), config_file, info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=16)
def _parsed(path: str, config_file: str, mtime: int, size: int) -> ProjectFile:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ContentError([problem(config_file, mark.line + 1 if mark else 0, "", "S601",
                                    problem=error.problem or error.context)]) from None
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        raise ContentError([problem(config_file, 0, "", "S602", problem=str(error)[:200])]) from None
    if not isinstance(data, dict):
        raise ContentError([problem(config_file, 1, "", "S603")])
    theme = data.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    return ProjectFile(
        site_name=str(data.get("site_name") or ""),
        site_url=data["site_url"] if isinstance(data.get("site_url"), str) else "",
        docs_dir=str(data.get("docs_dir") or DEFAULT_DOCS_DIR),
        site_dir=str(data.get("site_dir") or DEFAULT_SITE_DIR),
        custom_dir=custom_dir if isinstance(custom_dir, str) else None,
        training=_training_options(data.get("plugins")),
    )


def _training_options(plugins: Any) -> dict[str, Any]:
    """The `training` plugin's options, in either form MkDocs accepts: a list (`- training:` with a mapping, or
    a bare `- training`) or a mapping (`training: {...}`)."""
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = [next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 else (entry, None)
                   for entry in plugins]
    else:
        entries = []
    for name, options in entries:
        if name == "training":
            return options if isinstance(options, dict) else {}
    return {}


def site_settings(root: Path, config_file: str = "mkdocs.yml") -> tuple[str, Path]:
    """The site's name and the directory it is published from."""
    project = read_project(root, config_file)
    return project.site_name, (root / project.site_dir).resolve()


def site_url(root: Path, config_file: str = "mkdocs.yml") -> str:
    """The portal's address as mkdocs.yml's site_url gives it ("" when it does not)."""
    return read_project(root, config_file).site_url


def options_from_mkdocs_yml(root: Path, config_file: str = "mkdocs.yml") -> SiteOptions:
    try:
        return read_options(read_project(root, config_file).training)
    except OptionsError as error:
        raise ContentError([problem(config_file, 0, "", "S604", problem=text) for text in error.problems]) from None


def layout_from_mkdocs_yml(root: Path, config_file: str = "mkdocs.yml") -> ContentLayout:
    project = read_project(root, config_file)
    return content_layout(root, project.docs_dir, project.site_dir, project.custom_dir,
                          options_from_mkdocs_yml(root, config_file))
