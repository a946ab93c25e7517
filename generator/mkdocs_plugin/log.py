"""The plugin's logger, a child of the engine's own ("mkdocs", or "properdocs" when ProperDocs answers the
mkdocs imports): its lines reach the engine's handlers, and its warnings count in a strict build."""

from __future__ import annotations

import logging

import mkdocs

log = logging.getLogger(f"{mkdocs.__name__}.plugins.training")
