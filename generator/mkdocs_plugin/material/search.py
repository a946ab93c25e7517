"""Material's search plugin, as the portal uses it: found by name, given jieba's user dictionary, its worker changed."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from generator.mkdocs_plugin.material import segmenter
from generator.mkdocs_plugin.material.worker_patch import PatchedWorker, material_worker, patch_worker


def search_plugin(config: MkDocsConfig) -> Any:
    """The search plugin, or None when there is none or it is switched off (`enabled: false`: no index written)."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return plugin if plugin is not None and getattr(plugin, "config", {}).get("enabled", True) is not False else None


def changed_search_worker(config: MkDocsConfig, *, whole_words: bool, prebuilt: bool) -> PatchedWorker | None:
    """Material's search worker changed (worker_patch.py), before any page is rendered: each rendered page is then
    pointed at the name made from its content (worker_patch.name_changed_worker); None when the site has no search
    or no worker."""
    plugin, source = search_plugin(config), material_worker(config.theme.dirs)
    worker = None
    if plugin is not None and source is not None:
        languages = plugin.config.get("lang")
        worker = patch_worker(source, whole_words=whole_words, prebuilt=prebuilt,
                              languages=languages if isinstance(languages, list) else None)
    return worker


def write_dictionary(config: MkDocsConfig, words: str, folder: Path) -> Path | None:
    """The portal's domain words (glossary terms, titles, tags) as a jieba user dictionary, so that they stay
    whole; None when the search plugin has no jieba option (Material without jieba, or another search). Loaded
    by `load_dictionary` in the process that segments, not by Material's on_config: loading jieba takes about a
    second, which the build process is spared when a worker makes the search entries."""
    search = search_plugin(config)
    if search is None or "jieba_dict_user" not in search.config:
        return None
    path = folder / "training-words.txt"
    path.write_text(words, encoding="utf-8")
    return path


def load_dictionary(path: Path) -> None:
    """jieba's dictionaries and the portal's words, in this process (as Material's `jieba_dict_user` would)."""
    from material.plugins.search import plugin as material_search

    if getattr(material_search, "jieba", None) is not None:
        material_search.jieba.setLogLevel(logging.WARNING)  # its English notes on loading say nothing to a trainer
        material_search.jieba.load_userdict(str(path))
        segmenter.install(material_search.jieba)
