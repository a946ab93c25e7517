"""Material's search plugin, as the portal uses it: found by name, given jieba's user dictionary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig


def search_plugin(config: MkDocsConfig) -> Any:
    return config.plugins.get("material/search") or config.plugins.get("search")


def use_dictionary(config: MkDocsConfig, words: str, folder: Path) -> bool:
    """Hand jieba the portal's domain words (glossary terms, titles, tags) so they stay whole; False when the
    search plugin has no jieba option (Material without jieba, or another search)."""
    search = search_plugin(config)
    if search is None or "jieba_dict_user" not in search.config:
        return False
    path = folder / "training-words.txt"
    path.write_text(words, encoding="utf-8")
    search.config.jieba_dict_user = str(path)
    return True
