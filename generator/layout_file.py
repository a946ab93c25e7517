"""Read the content layout (docs_dir, the theme's custom_dir and the training plugin's options) from mkdocs.yml.

The command-line tool needs the layout without loading MkDocs; mkdocs.yml may hold tags such
as !!python/name that a plain safe loader refuses, so unknown tags are read as nothing.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import ContentError, Problem
from generator.model.load import ContentLayout
from generator.model.source import ContentLimits


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
        raise ContentError([Problem(config_file, mark.line + 1 if mark else 0, "",
                                    f"invalid YAML: {error.problem or error.context}")]) from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        raise ContentError([Problem(config_file, 0, "", f"cannot be read: {str(error)[:200]}")]) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(config_file, 1, "", "expected a mapping of settings")])
    return data


def site_settings(root: Path, config_file: str = "mkdocs.yml") -> tuple[str, Path]:
    """The site's name and the directory it is published from."""
    data = _read(root, config_file)
    return str(data.get("site_name") or ""), (root / str(data.get("site_dir") or "site")).resolve()


def _whole_number(options: dict, name: str, default: int, config_file: str) -> int:
    value = options.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ContentError([Problem(config_file, 0, f"plugins.training.{name}",
                                    f"expected a positive whole number, found {value!r}")])
    return value


def layout_from_mkdocs_yml(root: Path, config_file: str = "mkdocs.yml") -> ContentLayout:
    if not (root / config_file).is_file():
        return ContentLayout(root)
    data = _read(root, config_file)
    options: dict = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("training"), dict):
            options = entry["training"]
    theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir")
    return ContentLayout(
        root=root,
        docs_dir=str(data.get("docs_dir") or "docs"),
        assessments_dir=str(options.get("assessments_dir", "assessments")),
        handbooks_file=str(options.get("handbooks_file", "handbooks.yml")),
        overrides_dir=str(custom_dir) if isinstance(custom_dir, str) else None,
        output_dirs=(str(data.get("site_dir") or "site"), "trainer-pack"),
        limits=ContentLimits(_whole_number(options, "max_file_kb", 1024, config_file) * 1024,
                             _whole_number(options, "max_yaml_depth", 20, config_file),
                             _whole_number(options, "max_markdown_depth", 20, config_file)),
    )
