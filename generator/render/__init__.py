"""HTML renderers for generated portal pages. Jinja templates; no MkDocs imports."""

from __future__ import annotations

from generator.render.environment import create_environment

__all__ = ["create_environment"]
