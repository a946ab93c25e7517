"""The thin MkDocs adapter: feeds the content model into a Material site."""

from __future__ import annotations

from generator.mkdocs_plugin.plugin import TrainingPlugin

__all__ = ["TrainingPlugin"]
