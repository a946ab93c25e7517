"""Training portal generator: content model, renderers, MkDocs adapter and command-line tool."""

from __future__ import annotations

__version__ = "0.1.0"
