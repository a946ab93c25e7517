"""Warnings the engine and every plugin log during one build: a build with any is never publishable."""

from __future__ import annotations

import logging

import mkdocs


def _engine_log() -> logging.Logger:
    return logging.getLogger(mkdocs.__name__)  # "properdocs" under ProperDocs


class WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def attach(self) -> WarningCount:
        _engine_log().addHandler(self)
        return self

    def detach(self) -> None:
        _engine_log().removeHandler(self)
