"""Read the content layout (docs_dir and the training plugin's options) from mkdocs.yml.

The command-line tool needs the layout without loading MkDocs; mkdocs.yml may hold tags such
as !!python/name that a plain safe loader refuses, so unknown tags are read as nothing.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.model.load import ContentLayout


class _TolerantLoader(yaml.SafeLoader):
    pass


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _read(root: Path, config_file: str) -> dict:
    path = root / config_file
    if not path.is_file():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


def site_settings(root: Path, config_file: str = "mkdocs.yml") -> tuple[str, Path]:
    """The site's name and the directory it is published from."""
    data = _read(root, config_file)
    return str(data.get("site_name") or ""), (root / str(data.get("site_dir") or "site")).resolve()


def layout_from_mkdocs_yml(root: Path, config_file: str = "mkdocs.yml") -> ContentLayout:
    if not (root / config_file).is_file():
        return ContentLayout(root)
    data = _read(root, config_file)
    options: dict = {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and isinstance(entry.get("training"), dict):
            options = entry["training"]
    return ContentLayout(
        root=root,
        docs_dir=str(data.get("docs_dir") or "docs"),
        assessments_dir=str(options.get("assessments_dir", "assessments")),
        handbooks_file=str(options.get("handbooks_file", "handbooks.yml")),
    )
