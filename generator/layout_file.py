"""The content layout and the training plugin's options, read from mkdocs.yml without MkDocs.

The command-line tool needs them without loading MkDocs; mkdocs.yml may hold tags such as !!python/name
that a plain safe loader refuses, so unknown tags are read as nothing. The options are checked by the
same function the plugin uses (generator.site.options).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import ContentError, problem
from generator.model.layout import ContentLayout
from generator.site.options import OptionsError, SiteOptions, content_layout, read_options


class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _read(root: Path, config_file: str) -> dict:
    path = root / config_file
    if not path.is_file():
        return {}
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise ContentError([problem(config_file, mark.line + 1 if mark else 0, "", "S601",
                                    problem=error.problem or error.context)]) from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        raise ContentError([problem(config_file, 0, "", "S602", problem=str(error)[:200])]) from None
    if not isinstance(data, dict):
        raise ContentError([problem(config_file, 1, "", "S603")])
    return data


def site_settings(root: Path, config_file: str = "mkdocs.yml") -> tuple[str, Path]:
    """The site's name and the directory it is published from."""
    data = _read(root, config_file)
    return str(data.get("site_name") or ""), (root / str(data.get("site_dir") or "site")).resolve()


def site_url(root: Path, config_file: str = "mkdocs.yml") -> str:
    """The portal's address as mkdocs.yml's site_url gives it ("" when it does not)."""
    value = _read(root, config_file).get("site_url")
    return value if isinstance(value, str) else ""


def options_from_mkdocs_yml(root: Path, config_file: str = "mkdocs.yml") -> SiteOptions:
    raw: dict = {}
    for entry in _read(root, config_file).get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("training"), dict):
            raw = entry["training"]
    try:
        return read_options(raw)
    except OptionsError as error:
        raise ContentError([problem(config_file, 0, "", "S604", problem=text) for text in error.problems]) from None


def layout_from_mkdocs_yml(root: Path, config_file: str = "mkdocs.yml") -> ContentLayout:
    if not (root / config_file).is_file():
        return ContentLayout(root)
    data = _read(root, config_file)
    theme = data.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom_dir = custom_dir if isinstance(custom_dir, str) else None
    return content_layout(root, str(data.get("docs_dir") or "docs"), str(data.get("site_dir") or "site"),
                          custom_dir, options_from_mkdocs_yml(root, config_file))
